"""Test fixtures: the app on SQLite or PostgreSQL (TEST_DATABASE_URL), clients, users by role.

`TEST_DATABASE_URL=sqlite` (or unset) runs on a temporary SQLite file;
a PostgreSQL URL runs on that database, which must be reachable: the run
stops with a clear message rather than skipping.
"""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
from collections.abc import Iterator

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, delete, select, text
from sqlalchemy.exc import OperationalError

from portal import ROOT, create_app
from portal.auth.models import User
from portal.config import normalise_database_url
from portal.core.legal import LegalText
from portal.core.types import utcnow
from portal.extensions import db, limiter
from portal.wallet.services import ensure_default_areas

STRONG_PASSWORD = "violino-tramonto-42-brezza"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "sqlite")
    if url == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    url = normalise_database_url(url)
    try:
        with create_engine(url).connect() as connection:
            connection.execute(text("SELECT 1"))
    except OperationalError as exc:
        pytest.exit(f"PostgreSQL is not reachable at {url}: {exc.orig}. Start it or set TEST_DATABASE_URL.",
                    returncode=3)
    return url


def _cache_url() -> str:
    url = os.environ.get("TEST_CACHE_URL", "memory://")
    if url.startswith("redis"):
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            pytest.exit(f"Redis is not reachable at {url}: {exc}. Start it or set TEST_CACHE_URL.", returncode=3)
    return url


def _remove_cache_keys(url: str, prefix: str) -> None:
    """The run's own cache keys (under its prefix) leave the shared Redis with it."""
    if not url.startswith("redis"):
        return
    import redis

    store = redis.Redis.from_url(url, socket_connect_timeout=2)
    keys = list(store.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 500):
        store.delete(*keys[start:start + 500])


# `make mutation` runs with --hypothesis-profile=mutation: on a loaded machine, under mutmut's tracing, a first call
# can exceed the 200 ms deadline, and a mutant "killed" by a slow example would be a false kill. The same examples
# every run, and no example database written into the mutants' folder.
settings.register_profile("mutation", deadline=None, derandomize=True, database=None)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = _database_url(tmp_path_factory)
    instance = tmp_path_factory.mktemp("instance")
    application = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": url,
        "PORTAL_ENV": "testing",
        "PORTAL_MAIL_BACKEND": "smtp",  # nothing is printed; tests read the outbox table
        "PORTAL_ARGON2_TIME_COST": 1,
        "PORTAL_ARGON2_MEMORY_KIB": 1024,
        "PORTAL_ARGON2_PARALLELISM": 1,
        "PORTAL_BASE_URL": "http://localhost",
        "WTF_CSRF_ENABLED": False,
        "PORTAL_UPLOAD_DIR": str(instance / "uploads"),
        # The PostgreSQL run uses Redis, as production does; a prefix of its own keeps runs apart.
        "PORTAL_CACHE_URL": _cache_url(),
        "PORTAL_CACHE_PREFIX": os.environ.get("TEST_CACHE_PREFIX") or f"test-{secrets.token_hex(4)}",
    })
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    _remove_cache_keys(application.config["PORTAL_CACHE_URL"], application.config["PORTAL_CACHE_PREFIX"])


def _first_legal_texts() -> list[dict]:
    """Version 1 of every text, as the migrations that publish it insert it (their `LEGAL_TEXTS`)."""
    rows: list[dict] = []
    for path in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        rows += getattr(module, "LEGAL_TEXTS", [])
    return rows


FIRST_LEGAL_TEXTS = _first_legal_texts()


def _empty_all_tables() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.add_all(LegalText(**row) for row in FIRST_LEGAL_TEXTS)
    ensure_default_areas()
    db.session.commit()


@pytest.fixture(autouse=True)
def clean_state(request) -> Iterator[None]:
    if request.node.get_closest_marker("pure") and "app" not in request.fixturenames:
        yield  # a pure rule needs no app: each mutant of `make mutation` would otherwise build the schema again
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        _empty_all_tables()
        limiter.reset()
    app.config["WTF_CSRF_ENABLED"] = False
    yield
    with app.app_context():
        db.session.rollback()
        db.session.remove()


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(app):
    """Create a user ready to sign in (password set, terms accepted unless told otherwise)."""
    from portal.auth.services import hash_password

    def factory(access_code="mario.rossi", roles=("dipendente",), password=STRONG_PASSWORD, must_change=False,
                accept_terms=True, **fields) -> User:
        with app.test_request_context():
            user = User(access_code=access_code, email=fields.pop("email", f"{access_code}@example.edu"),
                        full_name=fields.pop("full_name", "Mario Rossi"), locale=fields.pop("locale", "it"),
                        password_hash=hash_password(password), must_change_password=must_change,
                        accepted_terms_version=1 if accept_terms else None, password_changed_at=utcnow(), **fields)
            user.set_roles(set(roles))
            db.session.add(user)
            db.session.commit()
            return db.session.get(User, user.id)

    return factory


@pytest.fixture
def july_bookable(app) -> None:
    """This year's Policino summer calendar is published: tests that book the coming weeks may meet July."""
    from datetime import date

    from portal.childcare.models import Duty
    from portal.core.calendar import today_in_rome

    with app.app_context():
        db.session.add(Duty(kind="summer_calendar", period=date(today_in_rome().year, 7, 1), done_at=utcnow()))
        db.session.commit()


def login(client, access_code="mario.rossi", password=STRONG_PASSWORD, follow=False):
    return client.post("/auth/login", data={"access_code": access_code, "password": password},
                       follow_redirects=follow)


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


@pytest.fixture
def signed_in(client, make_user):
    """A client signed in as a fresh user with the given roles."""

    def factory(roles=("dipendente",), access_code="mario.rossi", accept_welfare_rules=True, **fields):
        user = make_user(access_code=access_code, roles=roles, **fields)
        if accept_welfare_rules and "dipendente" in roles:
            from portal.wallet.models import RulesAcceptance

            with client.application.app_context():
                db.session.add(RulesAcceptance(user_id=user.id, version=1))
                db.session.commit()
        response = login(client, access_code)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return user

    return factory


def outbox(app, to_addr: str | None = None):
    from portal.core.mail import OutboxMail

    with app.app_context():
        query = select(OutboxMail).order_by(OutboxMail.id)
        if to_addr:
            query = query.where(OutboxMail.to_addr == to_addr)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def sql_statements(app, run) -> list[str]:
    """The SQL statements sent to the database while `run()` runs."""
    from sqlalchemy import event

    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return seen
