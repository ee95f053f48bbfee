"""A masked copy of the portal's data for development and test, and what backups share with it.

`flask data mask` reads production read-only and writes a new database (migrated here, then filled table by table
in one transaction) and placeholder documents.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import Engine, Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

import portal.auth.models  # noqa: F401
import portal.caf.models  # noqa: F401
import portal.childcare.models  # noqa: F401
import portal.core.audit  # noqa: F401
import portal.core.legal  # noqa: F401
import portal.core.mail  # noqa: F401
import portal.wallet.models  # noqa: F401
from portal import ROOT, create_app
from portal.auth.services import hash_password
from portal.config import normalise_database_url
from portal.extensions import db
from portal.site.masking import SKIPPED_TABLES, Masker, learned_columns, policy_problems, python_type

# Rows the migrations themselves write (legal texts, catalog areas): a database holding only these is empty.
MIGRATION_SEEDED = frozenset({"legal_texts", "wallet_areas"})
MARKER = ".masked-copy"  # written in the uploads folder of a masked copy: only such a folder may be replaced
BATCH = 1000


class DataError(Exception):
    """A refusal or a failure the operator can act on; nothing was written."""


def portal_tables() -> list[Table]:
    """Every table of the portal, parents before children, whichever services this deployment switches on."""
    return list(db.metadata.sorted_tables)


def _scripts() -> ScriptDirectory:
    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return ScriptDirectory.from_config(config)


def head_revision() -> str:
    return _scripts().get_current_head()


def known_revision(revision: str | None) -> bool:
    try:
        return revision is not None and _scripts().get_revision(revision) is not None
    except CommandError:
        return False


def revision_of(engine: Engine) -> str | None:
    if not inspect(engine).has_table("alembic_version"):
        return None
    with engine.connect() as connection:
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _engine(url: str, read_only: bool = False) -> Engine:
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database or ""
        if not path or path == ":memory:":
            raise DataError(f"{url}: a file is needed, not an in-memory SQLite database.")
        if read_only:
            if not Path(path).exists():
                raise DataError(f"{path}: no such database file.")
            return create_engine("sqlite://", creator=lambda: sqlite3.connect(f"file:{path}?mode=ro", uri=True))
        return create_engine(url)
    if read_only:
        return create_engine(url, connect_args={"options": "-c default_transaction_read_only=on"})
    return create_engine(url)


def _identity(engine: Engine) -> tuple:
    """What tells two URLs apart that name the same database (another host name, another spelling)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            files = [row[2] for row in connection.execute(text("PRAGMA database_list")) if row[1] == "main"]
        return ("sqlite", os.path.realpath(files[0]) if files and files[0] else "")
    with engine.connect() as connection:
        row = connection.execute(text(
            "SELECT current_database(), pg_postmaster_start_time()::text, inet_server_port()")).one()
    return ("postgresql", *row)


def rows_beyond_seeds(engine: Engine, tables: list[Table]) -> int:
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return sum(connection.scalar(select(func.count()).select_from(table)) or 0
                   for table in tables if table.name in present and table.name not in MIGRATION_SEEDED)


def _migrate(url: str, downgrade_first: bool) -> None:
    """Bring the database at `url` to the code's schema through the migrations (never create_all)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": normalise_database_url(url), "SECRET_KEY": current_app.secret_key,
                      "PORTAL_ENV": current_app.config["PORTAL_ENV"], "TESTING": current_app.testing})
    with app.app_context():
        try:
            if downgrade_first:
                downgrade(directory=str(ROOT / "migrations"), revision="base")
            upgrade(directory=str(ROOT / "migrations"))
        finally:
            db.session.remove()
            db.engine.dispose()


def _reset_sequences(connection, tables: list[Table]) -> None:
    """PostgreSQL: the next id of each table follows the copied rows."""
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].autoincrement in (True, "auto") and python_type(keys[0]) is int:
            name = keys[0].name
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX({name}), 1), "
                f"MAX({name}) IS NOT NULL) FROM {table.name}"), {"table": table.name, "column": name})


def _prepare_uploads(folder: Path, replace: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if not any(folder.iterdir()):
        return
    if not replace:
        raise DataError(f"{folder} is not empty: give --replace to replace a previous masked copy's documents.")
    if not (folder / MARKER).exists():
        raise DataError(f"{folder} holds files that no masked copy wrote ({MARKER} is missing): refusing to delete "
                        "them. Choose an empty folder.")
    for child in folder.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()


def mask_copy(source_url: str, target_url: str, uploads: Path, key: bytes, password: str | None, replace: bool,
              say: Callable[[str], None] = lambda line: None) -> dict[str, int]:
    """Copy `source_url` into `target_url` masking personal data; returns the rows copied per table."""
    tables = portal_tables()
    problems = policy_problems(tables)
    if problems:
        raise DataError("The masking policy does not cover the schema: " + "; ".join(problems))
    source, target = _engine(source_url, read_only=True), _engine(target_url)
    written: list[Path] = []
    try:
        if _identity(source) == _identity(target):
            raise DataError("The target is the source database: a masked copy never writes into the source.")
        head, at = head_revision(), revision_of(source)
        if at != head:
            raise DataError(f"The source is at migration {at or 'none'}, this code at {head}: copy with the portal "
                            "version that matches the source.")
        has_tables = bool(set(inspect(target).get_table_names()) & {table.name for table in tables})
        if has_tables and revision_of(target) is None:
            raise DataError("The target holds the portal's tables but no migration record: use a new database.")
        rows_there = rows_beyond_seeds(target, tables) if has_tables else 0
        if rows_there and not replace:
            raise DataError(f"The target is not empty ({rows_there} rows): give --replace to overwrite it.")
        uploads = uploads.resolve()
        _prepare_uploads(uploads, replace)
        say("Migrating the target database…")
        _migrate(target_url, downgrade_first=bool(rows_there))

        masker = Masker(key=key, password_hash=hash_password(password or secrets.token_urlsafe(24)))
        with source.connect() as reader:
            for table_name, column_name, action in learned_columns():
                column = next(t for t in tables if t.name == table_name).c[column_name]
                for value in reader.execute(select(column).distinct()).scalars():
                    masker.learn(action, value)

        counts: dict[str, int] = {}
        with source.connect() as reader, target.begin() as writer:
            for table in reversed(tables):
                writer.execute(table.delete())  # the rows the migrations seeded
            for table in tables:
                counts[table.name] = 0
                if table.name in SKIPPED_TABLES:
                    continue
                order = list(table.primary_key.columns) or list(table.columns)
                result = reader.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
                for batch in result.mappings().partitions(BATCH):
                    rows = []
                    for original in batch:
                        row, placeholder = masker.row(table, dict(original))
                        rows.append(row)
                        if placeholder:
                            path = uploads / placeholder[0]
                            path.parent.mkdir(parents=True, exist_ok=True)
                            path.write_bytes(placeholder[1])
                            written.append(path)
                    writer.execute(table.insert(), rows)
                    counts[table.name] += len(rows)
            if writer.dialect.name == "postgresql":
                _reset_sequences(writer, tables)
        (uploads / MARKER).write_text(f"Masked copy written {datetime.now(UTC).isoformat()}: no real documents.\n")
        say(f"Copied {sum(counts.values())} rows of {len(tables)} tables; {len(written)} documents replaced by "
            f"placeholders in {uploads}.")
        return counts
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    finally:
        source.dispose()
        target.dispose()
