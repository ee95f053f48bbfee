"""The shared cache of polled data: served while nothing it depends on changed, never after a commit changed it."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from portal.auth.models import User
from portal.config import ConfigError, build_config
from portal.core import cache
from portal.core.cache import RedisStore
from portal.extensions import db
from tests.conftest import sql_statements


@pytest.fixture
def counted(app):
    """Calls of the computation: a cache hit does not compute."""
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    return compute, calls


def test_a_value_is_served_until_one_of_its_tags_is_renewed(ctx, counted):
    compute, calls = counted
    assert cache.cached("thing:1", ("a", "b"), compute, 60) == {"n": 1}
    assert cache.cached("thing:1", ("a", "b"), compute, 60) == {"n": 1}
    cache.renew({"b"})
    assert cache.cached("thing:1", ("a", "b"), compute, 60) == {"n": 2}
    cache.renew({"unrelated"})
    assert cache.cached("thing:1", ("a", "b"), compute, 60) == {"n": 2}
    assert len(calls) == 2


def test_a_change_committed_while_the_value_was_computed_is_never_hidden(ctx):
    # The writer commits (and renews the tag) after the reader took the tags but before it stored its value:
    # what the reader stored must not be served afterwards.
    def racing_compute():
        cache.renew({"a"})
        return "read before the commit"

    assert cache.cached("race", ("a",), racing_compute, 60) == "read before the commit"
    assert cache.cached("race", ("a",), lambda: "read after the commit", 60) == "read after the commit"


def test_a_commit_renews_the_tags_of_what_it_changed_and_a_rollback_none(app, ctx, make_user, counted):
    compute, calls = counted
    user = make_user()
    own_tag = (f"users:{user.id}",)
    cache.cached("mine", own_tag, compute, 60)

    db.session.get(User, user.id).full_name = "Maria Bianchi"
    db.session.flush()
    cache.cached("mine", own_tag, compute, 60)
    assert len(calls) == 1, "renewed before the commit: a reader could cache the old row again"
    db.session.rollback()
    cache.cached("mine", own_tag, compute, 60)
    assert len(calls) == 1, "a rolled back change renewed the tag"

    db.session.get(User, user.id).full_name = "Maria Bianchi"
    db.session.commit()
    cache.cached("mine", own_tag, compute, 60)
    assert len(calls) == 2


def test_a_bulk_statement_renews_its_whole_table(app, ctx, make_user, counted):
    compute, calls = counted
    user = make_user()
    cache.cached("everybody", ("users",), compute, 60)
    db.session.execute(update(User).where(User.id == user.id).values(full_name="Maria Bianchi"))
    db.session.commit()
    cache.cached("everybody", ("users",), compute, 60)
    assert len(calls) == 2


def test_an_unreachable_store_means_the_database_answers(app, ctx, counted):
    compute, calls = counted
    working = app.extensions["portal_cache"]
    cache.use_store(app, RedisStore("redis://127.0.0.1:1/0"))  # nothing listens there
    try:
        assert cache.cached("x", ("a",), compute, 60) == {"n": 1}
        assert cache.cached("x", ("a",), compute, 60) == {"n": 2}
        cache.renew({"a"})  # logged, not raised: the commit already happened
    finally:
        app.extensions["portal_cache"] = working  # with its own breaker, which saw no failure


def test_the_memory_store_is_refused_in_production(tmp_path):
    environ = {"PORTAL_ENV": "production", "SECRET_KEY": "x" * 40, "DATABASE_URL": "postgresql://db/portal",
               "PORTAL_CACHE_URL": "memory://"}
    with pytest.raises(ConfigError, match="PORTAL_CACHE_URL"):
        build_config(tmp_path, environ)
    environ.pop("PORTAL_CACHE_URL")
    assert build_config(tmp_path, environ)["PORTAL_CACHE_URL"] == ""
    assert build_config(tmp_path, {})["PORTAL_CACHE_URL"] == "memory://"


def test_a_repeated_poll_reads_nothing_from_the_database(app, client, signed_in, make_wallet):
    user = signed_in()
    make_wallet(user)
    poll = {"HX-Request": "true"}
    first = client.get("/wallet/balance", headers=poll)
    assert first.status_code == 200
    again = []
    assert sql_statements(app, lambda: again.append(client.get("/wallet/balance", headers=poll))) == []
    assert again[0].get_data() == first.get_data()


def test_a_deactivated_user_is_signed_out_at_once_although_cached(app, client, signed_in, make_wallet):
    user = signed_in()
    make_wallet(user)
    assert client.get("/wallet/balance", headers={"HX-Request": "true"}).status_code == 200
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = client.get("/wallet/")
    assert response.status_code in (302, 303) and "/auth/login" in response.headers["Location"]


def test_a_removed_role_takes_effect_at_once_although_cached(app, client, signed_in, make_wallet):
    user = signed_in()
    make_wallet(user)
    assert client.get("/wallet/balance", headers={"HX-Request": "true"}).status_code == 200
    with app.app_context():
        db.session.get(User, user.id).set_roles({"studente"})
        db.session.commit()
    assert client.get("/wallet/balance", headers={"HX-Request": "true"}).status_code == 403


def test_a_polling_request_gets_a_snapshot_that_still_answers_everything(app, ctx, make_user):
    from portal.auth.services import Principal, signed_in_user

    user = make_user(roles=("dipendente", "genitore"))
    signed_in_user(user.id)  # stored
    snapshot = signed_in_user(user.id, snapshot=True)
    assert isinstance(snapshot, Principal)
    assert snapshot.has_role("genitore") and not snapshot.has_role("amministratore")
    assert snapshot.get_id() == user.get_id() and snapshot.first_name == "Mario"
    assert snapshot.password_changed_at is not None  # not in the snapshot: read from the database
    full = signed_in_user(user.id)
    assert isinstance(full, User) and full.role_names == snapshot.role_names


def test_a_repeated_poll_needs_one_trip_to_the_store(app, client, signed_in, make_wallet):
    user = signed_in()
    make_wallet(user)
    poll = {"HX-Request": "true"}
    first = client.get("/wallet/balance", headers=poll)
    store = app.extensions["portal_cache"]["store"]
    trips = []
    original = store.get_many
    store.get_many = lambda keys: trips.append(list(keys)) or original(keys)
    try:
        again = client.get("/wallet/balance", headers=poll)
    finally:
        del store.get_many
    assert again.get_data() == first.get_data()
    assert len(trips) == 1, "the signed-in user, the terms version and the balance come together"
