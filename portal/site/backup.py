"""Backups and restores: `flask data backup` writes the database (pg_dump custom format, or SQLite's online backup)
and the uploads folder into a dated folder with a manifest; `flask data restore` puts them back into an empty
database and uploads folder and checks the row counts against the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from portal.config import normalise_database_url
from portal.core.uploads import upload_root
from portal.extensions import db
from portal.site.data import DataError, head_revision, known_revision, portal_tables, revision_of, rows_beyond_seeds


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump/pg_restore without its password, which goes in the environment instead."""
    parsed = make_url(normalise_database_url(url))
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    return parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise DataError(f"{command[0]} is not installed (the PostgreSQL client tools are needed).") from exc
    if completed.returncode != 0:
        raise DataError(f"{command[0]} failed: {completed.stderr.strip()[:2000]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _counts_in(connection, tables: list[Table]) -> dict[str, int]:
    present = set(inspect(connection).get_table_names())
    return {table.name: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in tables if table.name in present}


def _counts(engine: Engine, tables: list[Table]) -> dict[str, int]:
    with engine.connect() as connection:
        return _counts_in(connection, tables)


BACKUP_PREFIX = "portal-"


def backup(into: Path, keep: int | None, say: Callable[[str], None] = lambda line: None) -> Path:
    """Write the database and the uploads folder into a new folder under `into`; keep the `keep` newest."""
    engine = db.engine
    url = engine.url.render_as_string(hide_password=False)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = into / f"{BACKUP_PREFIX}{stamp}"
    partial = into / f".{BACKUP_PREFIX}{stamp}.partial"
    partial.mkdir(parents=True)
    try:
        tables = portal_tables()
        if engine.dialect.name == "postgresql":
            database = partial / "database.dump"
            libpq, env = _libpq(url)
            # The rows are counted in the very snapshot pg_dump writes, so that the restore can be checked.
            with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
                with connection.begin():
                    snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
                    counts = _counts_in(connection, tables)
                    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                          f"--file={database}", libpq], env)
        else:
            database = partial / "database.sqlite3"
            source = sqlite3.connect(engine.url.database)
            try:
                with sqlite3.connect(database) as copy:
                    source.backup(copy)
            finally:
                source.close()
            copy_engine = create_engine(f"sqlite:///{database}")
            try:
                counts = _counts(copy_engine, tables)
            finally:
                copy_engine.dispose()
        uploads = partial / "uploads.tar.gz"
        folder = upload_root()
        with tarfile.open(uploads, "w:gz") as archive:
            for child in sorted(folder.iterdir()):
                archive.add(child, arcname=child.name)
        manifest = {
            "created_at": datetime.now(UTC).isoformat(), "dialect": engine.dialect.name,
            "revision": revision_of(engine), "rows": counts,
            "files": {database.name: _sha256(database), uploads.name: _sha256(uploads)},
            "documents": sum(1 for path in folder.rglob("*") if path.is_file()),
        }
        (partial / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    say(f"Backup written to {final}: {sum(counts.values())} rows, {manifest['documents']} documents.")
    if keep:
        backups = sorted(path for path in into.iterdir()
                         if path.is_dir() and path.name.startswith(BACKUP_PREFIX) and (path / "manifest.json").exists())
        for old in backups[:-keep]:
            shutil.rmtree(old)
            say(f"Removed the old backup {old.name} (keeping the {keep} newest).")
    return final


def read_manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    if not path.exists():
        raise DataError(f"{folder} is not a backup (no manifest.json).")
    manifest = json.loads(path.read_text())
    for name, digest in manifest["files"].items():
        if not (folder / name).exists() or _sha256(folder / name) != digest:
            raise DataError(f"{folder / name} is missing or damaged (its SHA-256 differs from the manifest).")
    return manifest


def restore(folder: Path, replace: bool, say: Callable[[str], None] = lambda line: None) -> dict[str, int]:
    """Put a backup back into this deployment's database and uploads folder, then compare the row counts."""
    manifest = read_manifest(folder)
    engine = db.engine
    url = engine.url.render_as_string(hide_password=False)
    if manifest["dialect"] != engine.dialect.name:
        raise DataError(f"The backup is of a {manifest['dialect']} database, this deployment uses "
                        f"{engine.dialect.name}.")
    if not known_revision(manifest["revision"]):
        raise DataError(f"The backup is at migration {manifest['revision']}, which this portal version does not know: "
                        "restore with the version that wrote it.")
    tables = portal_tables()
    has_tables = bool(set(inspect(engine).get_table_names()) & {table.name for table in tables})
    rows_there = rows_beyond_seeds(engine, tables) if has_tables else 0
    if rows_there and not replace:
        raise DataError(f"The database is not empty ({rows_there} rows): give --replace to overwrite it.")
    uploads = upload_root()
    if any(uploads.iterdir()) and not replace:
        raise DataError(f"{uploads} is not empty: give --replace to overwrite it.")

    db.session.remove()
    engine.dispose()
    if engine.dialect.name == "postgresql":
        libpq, env = _libpq(url)
        command = ["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                   f"--dbname={libpq}"]
        if has_tables:
            command[1:1] = ["--clean", "--if-exists"]
        _run(command + [str(folder / "database.dump")], env)
    else:
        with sqlite3.connect(folder / "database.sqlite3") as backup_copy:
            target = sqlite3.connect(engine.url.database)
            try:
                backup_copy.backup(target)
            finally:
                target.close()
    engine.dispose()

    staging = uploads.parent / f".{uploads.name}.restoring-{secrets.token_hex(4)}"
    staging.mkdir(parents=True)
    try:
        with tarfile.open(folder / "uploads.tar.gz", "r:gz") as archive:
            archive.extractall(staging, filter="data")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if not any(uploads.iterdir()):
        uploads.rmdir()
    else:
        aside = uploads.parent / f"{uploads.name}.before-restore-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"
        uploads.rename(aside)
        say(f"The previous uploads folder was moved to {aside}: delete it once the restore is checked.")
    staging.rename(uploads)

    counts = _counts(engine, tables)
    different = {name: (manifest["rows"].get(name), counts.get(name)) for name in set(manifest["rows"]) | set(counts)
                 if manifest["rows"].get(name) != counts.get(name)}
    if different:
        raise DataError(f"Restored, but the row counts differ from the backup's: {different}")
    say(f"Restored {sum(counts.values())} rows and {manifest['documents']} documents from {folder}.")
    if manifest["revision"] != head_revision():
        say(f"The backup is at migration {manifest['revision']}: run `flask db upgrade` before starting the portal.")
    return counts
