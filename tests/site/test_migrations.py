"""The migrations build exactly the schema the models describe, on this run's database engine."""

import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal import ROOT, create_app
from portal.config import normalise_database_url
from portal.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL", "sqlite")
    if url == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    base = make_url(normalise_database_url(url))
    name = f"portal_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_match_the_models_and_seed_the_legal_texts(empty_database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                           db.metadata)
            kinds = connection.execute(text("SELECT kind FROM legal_texts WHERE version = 1 ORDER BY kind")).scalars().all()
        assert differences == []
        assert kinds == ["accessibility", "privacy", "terms", "welfare_guide", "welfare_limits",
                         "welfare_reimbursements", "welfare_rules"]
        _ledger_is_append_only()
        downgrade(directory=str(ROOT / "migrations"), revision="base")
        db.engine.dispose()


def _ledger_is_append_only() -> None:
    from sqlalchemy.exc import DatabaseError

    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO users (id, access_code, email, full_name, locale, active, password_hash, must_change_password,"
            " password_changed_at, session_version, created_at)"
            " VALUES (1, 'a', 'a@x', 'A', 'it', true, 'x', false, CURRENT_TIMESTAMP, 1, CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO wallet_plan_years (id, year, amount_cents, starts_on, ends_on, expires_without_carry_over,"
            " fringe_limit_cents, fringe_limit_children_cents, pension_limit_cents, health_limit_cents)"
            " VALUES (1, 2026, 180000, '2026-01-01', '2026-12-31', true, 100000, 200000, 530000, 361520)"))
        connection.execute(text(
            "INSERT INTO wallets (id, user_id, plan_year_id, coefficient, polincontri_member, balance_cents, revision,"
            " updated_at) VALUES (1, 1, 1, 1, false, 180000, 1, CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO wallet_ledger (id, wallet_id, kind, amount_cents, description, created_at)"
            " VALUES (1, 1, 'allocation', 180000, '', CURRENT_TIMESTAMP)"))
    for statement in ("UPDATE wallet_ledger SET amount_cents = 1", "DELETE FROM wallet_ledger"):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.engine.begin() as connection:
                connection.execute(text(statement))
    with pytest.raises(DatabaseError):
        with db.engine.begin() as connection:  # and a balance never goes below zero
            connection.execute(text("UPDATE wallets SET balance_cents = -1"))


def test_the_two_affiliation_tables_become_one_and_back(empty_database_url):
    """Migration 0041: the wallet's and the discounts' requests for a new provider move into one table with their
    data (the wallet's keep their numbers, the discounts' follow), new ones are numbered after them, and the
    downgrade puts each one back in its service's table."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    directory = str(ROOT / "migrations")
    columns = "created_at, due_on, status, answer, handled_at, handled_by_id"
    with app.app_context():
        upgrade(directory=directory, revision="0040")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (id, access_code, email, full_name, locale, active, password_hash,"
                " must_change_password, password_changed_at, session_version, created_at) VALUES (7, 'a', 'a@x', 'A',"
                " 'it', true, 'x', false, CURRENT_TIMESTAMP, 1, CURRENT_TIMESTAMP)"))
            connection.execute(text(
                f"INSERT INTO wallet_affiliation_requests (id, requested_by_id, provider_name, city, website, service,"
                f" {columns}) VALUES (1, 7, 'Nido Girotondo', 'Torino', '', 'Asilo nido', CURRENT_TIMESTAMP,"
                f" '2026-03-16', 'open', '', NULL, NULL), (2, 7, 'Piscina', 'Chieri', 'https://p.example', 'Nuoto',"
                f" CURRENT_TIMESTAMP, '2026-03-01', 'declined', 'Troppo lontano.', CURRENT_TIMESTAMP, 7)"))
            connection.execute(text(
                f"INSERT INTO discounts_affiliation_requests (id, requested_by_id, merchant_name, town, website,"
                f" reason, {columns}) VALUES (1, 7, 'Libreria Belgravia', 'Torino', '', 'Vicino al campus',"
                f" CURRENT_TIMESTAMP, '2026-03-20', 'affiliated', 'Fatto.', CURRENT_TIMESTAMP, 7)"))
        upgrade(directory=directory, revision="0041")
        with db.engine.begin() as connection:
            rows = connection.execute(text(
                "SELECT id, kind, name, town, website, reason, status, answer, requested_by_id, handled_by_id"
                " FROM affiliation_requests ORDER BY id")).all()
            assert [tuple(row) for row in rows] == [
                (1, "wallet", "Nido Girotondo", "Torino", "", "Asilo nido", "open", "", 7, None),
                (2, "wallet", "Piscina", "Chieri", "https://p.example", "Nuoto", "declined", "Troppo lontano.", 7, 7),
                (3, "discounts", "Libreria Belgravia", "Torino", "", "Vicino al campus", "affiliated", "Fatto.", 7, 7),
            ]
            connection.execute(text(  # a new request is numbered after the moved ones
                f"INSERT INTO affiliation_requests (kind, requested_by_id, name, town, website, reason, {columns})"
                f" VALUES ('discounts', 7, 'Palestra', 'Torino', '', 'Sconto', CURRENT_TIMESTAMP, '2026-04-01',"
                f" 'open', '', NULL, NULL)"))
            assert connection.execute(text("SELECT MAX(id) FROM affiliation_requests")).scalar() == 4
        downgrade(directory=directory, revision="0040")
        with db.engine.begin() as connection:
            wallet = connection.execute(text(
                "SELECT id, provider_name, city, service, status FROM wallet_affiliation_requests ORDER BY id")).all()
            discounts = connection.execute(text(
                "SELECT id, merchant_name, reason, status, answer FROM discounts_affiliation_requests ORDER BY id")).all()
        assert [tuple(row) for row in wallet] == [(1, "Nido Girotondo", "Torino", "Asilo nido", "open"),
                                                  (2, "Piscina", "Chieri", "Nuoto", "declined")]
        assert [tuple(row) for row in discounts] == [(3, "Libreria Belgravia", "Vicino al campus", "affiliated", "Fatto."),
                                                     (4, "Palestra", "Sconto", "open", "")]
        downgrade(directory=directory, revision="base")
        db.engine.dispose()


def test_attempts_left_running_twice_keep_the_newest_and_the_last_suggestion(empty_database_url):
    """Migration 0042: before it, two presses of 'start' could leave two running placement attempts. The older
    running one is deleted with its answers (closed without a result, it would hide the person's last finished
    attempt's suggestion); the newest running one and the finished ones stay."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision="0041")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO users (id, access_code, email, full_name, locale, active, password_hash,"
                " must_change_password, password_changed_at, session_version, created_at) VALUES (7, 'a', 'a@x', 'A',"
                " 'it', true, 'x', false, CURRENT_TIMESTAMP, 1, CURRENT_TIMESTAMP)"))
            connection.execute(text(
                "INSERT INTO courses_placement_questions (id, level, prompt, choices, correct, created_at)"
                " VALUES (1, 'A1', 'Q', '[\"a\", \"b\", \"c\", \"d\"]', 0, CURRENT_TIMESTAMP)"))
            connection.execute(text(
                "INSERT INTO courses_placement_attempts (id, user_id, started_at, finished_at, suggested) VALUES"
                " (1, 7, '2026-01-10 10:00:00', '2026-01-10 10:20:00', 'B1'),"
                " (2, 7, '2026-03-01 10:00:00', NULL, NULL), (3, 7, '2026-03-01 10:00:01', NULL, NULL)"))
            connection.execute(text(
                'INSERT INTO courses_placement_answers (attempt_id, question_id, level, chosen, "right", answered_at)'
                " VALUES (2, 1, 'A1', 0, true, '2026-03-01 10:01:00')"))
        upgrade(directory=directory, revision="0042")
        with db.engine.begin() as connection:
            attempts = connection.execute(text(
                "SELECT id, finished_at IS NULL, suggested FROM courses_placement_attempts ORDER BY id")).all()
            answers = connection.execute(text("SELECT COUNT(*) FROM courses_placement_answers")).scalar()
        assert [tuple(row) for row in attempts] == [(1, False, "B1"), (3, True, None)]
        assert answers == 0
        downgrade(directory=directory, revision="base")
        db.engine.dispose()
