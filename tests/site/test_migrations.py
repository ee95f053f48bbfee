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
