"""Redis hung or gone: the node goes on at once, logs one line per outage, and serves nothing stale afterwards.

The faults are real: a local server that accepts connections and never answers (tests/standin_redis.py).
"""

from __future__ import annotations

import logging
import threading
import time

import pytest
from sqlalchemy import select

from portal.auth.models import User
from portal.config import limiter_storage
from portal.core import cache
from portal.core.cache import RedisStore
from portal.extensions import db, limiter
from tests.conftest import login
from tests.logs import enabled
from tests.standin_redis import StandInRedis


@pytest.fixture
def logs(caplog):
    with enabled(caplog, "flask-limiter", "portal.core.cache"):
        yield caplog


@pytest.fixture
def redis_server():
    server = StandInRedis()
    yield server
    server.close()


@pytest.fixture
def cache_on(app):
    """The test app's cache on another Redis for one test (a fresh breaker), then back."""
    saved = app.extensions["portal_cache"]

    def attach(url: str, pause: float | None = None) -> None:
        cache.use_store(app, RedisStore(url, timeout=app.config["PORTAL_REDIS_TIMEOUT_MS"] / 1000), pause)

    yield attach
    app.extensions["portal_cache"] = saved


@pytest.fixture
def limiter_on(app):
    """The rate limiter (one object for every app) on another Redis for one test, then back on memory."""
    saved = {key: app.config.get(key) for key in ("RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_OPTIONS")}

    def attach(url: str) -> None:
        app.config.update(limiter_storage(url, app.config["PORTAL_REDIS_TIMEOUT_MS"]))
        limiter.init_app(app)

    yield attach
    for key, value in saved.items():
        if value is None:
            app.config.pop(key, None)
        else:
            app.config[key] = value
    limiter.init_app(app)
    limiter._storage_dead = False  # Flask-Limiter's own breaker: the next test starts on a healthy storage


def _warnings(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def _welfare_user(app, make_user) -> User:
    from portal.wallet.models import RulesAcceptance

    user = make_user()
    with app.app_context():
        db.session.add(RulesAcceptance(user_id=user.id, version=1))
        db.session.commit()
    return user


def _within(seconds: float, work) -> float:
    """Run `work` in a thread; fail if it is still waiting after `seconds` (a request hung on Redis)."""
    errors: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still waiting on the hung Redis after {seconds} s"
    assert not errors, errors
    return time.monotonic() - started


def test_a_hung_redis_costs_one_short_wait_and_the_node_goes_on(app, client, make_user, make_wallet, redis_server,
                                                               cache_on, limiter_on, logs):
    make_wallet(_welfare_user(app, make_user))
    redis_server.hang()
    limiter_on(redis_server.url(0))
    cache_on(redis_server.url(1))
    statuses = []

    def visit():
        statuses.append(login(client).status_code)  # the rate limiter asks Redis first
        for _ in range(10):  # an open page polls its balance (the cache) and the person moves around
            statuses.append(client.get("/wallet/balance", headers={"HX-Request": "true"}).status_code)
            statuses.append(client.get("/wallet/").status_code)

    elapsed = _within(20, visit)

    assert statuses == [303] + [200] * 20
    # One timeout for the limiter, one for the cache, then each is left alone for a while (the limiter tries
    # again after 1 s, 2 s, 4 s …; the cache after PORTAL_REDIS_RETRY_SECONDS): not one wait per request.
    assert redis_server.commands <= 8, f"Redis was asked {redis_server.commands} times in {elapsed:.1f} s"
    assert elapsed < 10, f"{elapsed:.1f} s for 21 requests"
    lines = _warnings(logs)
    assert [record.getMessage() for record in lines if record.name == "flask-limiter"] == [
        "Rate limit storage unreachable - falling back to in-memory storage"]
    cache_lines = [record.getMessage() for record in lines if record.name == "portal.core.cache"]
    assert len(cache_lines) == 1 and cache_lines[0].startswith("cache store unreachable")
    assert not any(record.exc_info for record in logs.records), "a traceback was logged"


def test_the_login_limits_still_hold_while_redis_hangs(app, client, make_user, redis_server, limiter_on):
    make_user()
    redis_server.hang()
    limiter_on(redis_server.url(0))
    statuses = []
    _within(20, lambda: statuses.extend(login(client, password="not the password").status_code for _ in range(11)))
    # PORTAL_LOGIN_RATE_PER_ACCOUNT is 10 per minute: counted in this process's memory while Redis is away.
    assert statuses == [422] * 10 + [429]


def test_no_entry_written_before_an_outage_is_served_after_it(app, ctx, make_user, redis_server, cache_on, logs):
    user = make_user(full_name="Mario Rossi")
    cache_on(redis_server.url(), pause=0.2)

    def name():
        return cache.cached(f"name:{user.id}", (f"users:{user.id}",),
                            lambda: db.session.scalar(select(User.full_name).where(User.id == user.id)), 300)

    assert name() == "Mario Rossi"
    assert name() == "Mario Rossi"  # stored in Redis, with the tokens of its tags

    redis_server.hang()
    db.session.get(User, user.id).full_name = "Maria Bianchi"
    db.session.commit()  # its renewal of users:<id> fails: Redis does not answer
    assert name() == "Maria Bianchi"  # computed from the database while Redis is away

    redis_server.answer()  # back with every key it had, the old entry and the old token included
    time.sleep(0.25)  # the breaker's pause
    assert name() == "Maria Bianchi", "the entry written before the outage was served after it"
    commands = redis_server.commands
    assert name() == "Maria Bianchi" and redis_server.commands == commands + 1, "served from Redis again"

    messages = [record.getMessage() for record in _warnings(logs) if record.name == "portal.core.cache"]
    assert len(messages) == 2
    assert messages[0].startswith("cache store unreachable") and messages[1].startswith("cache store reachable")
