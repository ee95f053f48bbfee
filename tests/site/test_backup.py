"""The recovery plan, performed: `flask data backup` writes the database (pg_dump custom format on PostgreSQL,
SQLite's online backup otherwise) and the uploads folder, and `flask data restore` brings both back into a new,
empty database and folder — on a throw-away database created for the test and dropped afterwards."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from sqlalchemy import create_engine, select

from portal.site.data import portal_tables
from tests.site.scratch import app_on, dispose, migrate, scratch_databases, seed_production


def _contents(url: str) -> dict[str, list]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = {table.name: [tuple(row) for row in connection.execute(select(table).order_by(
            *(list(table.primary_key.columns) or list(table.columns))))] for table in portal_tables()}
    engine.dispose()
    return rows


def _files(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_backup_restores_every_row_and_every_document_into_an_empty_database(app, tmp_path):
    with scratch_databases(tmp_path) as scratch:
        production_url, production_uploads = scratch.url("production"), tmp_path / "production-uploads"
        production = app_on(production_url, production_uploads)
        migrate(production)
        seed_production(production)
        rows, files = _contents(production_url), _files(production_uploads)
        assert len(files) == 3 and rows["wallet_ledger"] and rows["users"]

        backups = tmp_path / "backups"
        runner = production.test_cli_runner()
        for _ in range(3):
            result = runner.invoke(args=["data", "backup", "--into", str(backups), "--keep", "2"])
            assert result.exit_code == 0, result.output
        assert "Removed the old backup" in result.output
        kept = sorted(path for path in backups.iterdir() if path.name.startswith("portal-"))
        assert len(kept) == 2  # the retention: the oldest of three went
        latest = kept[-1]
        manifest = json.loads((latest / "manifest.json").read_text())
        database = "database.dump" if production_url.startswith("postgresql") else "database.sqlite3"
        assert sorted(manifest["files"]) == [database, "uploads.tar.gz"]
        assert manifest["rows"]["users"] == len(rows["users"]) and manifest["documents"] == 3
        if database == "database.dump":
            assert (latest / database).read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
        dispose(production)

        # The disaster: a new, empty database and an empty uploads folder; the restore brings everything back.
        restored_url, restored_uploads = scratch.url("restored"), tmp_path / "restored-uploads"
        restored = app_on(restored_url, restored_uploads)
        result = restored.test_cli_runner().invoke(args=["data", "restore", str(latest)])
        assert result.exit_code == 0, result.output
        assert f"Restored {sum(len(v) for v in rows.values())} rows and 3 documents" in result.output
        assert _contents(restored_url) == rows
        assert _files(restored_uploads) == files

        # The restored portal works: the demo employee signs in with their password.
        client = restored.test_client()
        response = client.post("/auth/login", data={"access_code": "dipendente", "password": "lampone-fiume-27-vela"})
        assert response.status_code == 303 and "/auth/login" not in response.headers["Location"]

        # A second restore over a database with data is refused unless told; then it replaces.
        again = restored.test_cli_runner().invoke(args=["data", "restore", str(latest)])
        assert again.exit_code != 0 and "is not empty" in again.output
        replaced = restored.test_cli_runner().invoke(args=["data", "restore", str(latest), "--replace"])
        assert replaced.exit_code == 0, replaced.output
        assert "moved to" in replaced.output and _contents(restored_url) == rows and _files(restored_uploads) == files
        dispose(restored)

        # A damaged backup is refused before anything is touched.
        archive = latest / "uploads.tar.gz"
        archive.write_bytes(archive.read_bytes()[:-10])
        fresh = app_on(scratch.url("fresh"), tmp_path / "fresh-uploads")
        damaged = fresh.test_cli_runner().invoke(args=["data", "restore", str(latest)])
        assert damaged.exit_code != 0 and "missing or damaged" in damaged.output
        assert not (tmp_path / "fresh-uploads").exists()
        dispose(fresh)


def test_a_restore_into_a_migrated_but_empty_database_works(app, tmp_path):
    with scratch_databases(tmp_path) as scratch:
        production_url, production_uploads = scratch.url("production"), tmp_path / "production-uploads"
        production = app_on(production_url, production_uploads)
        migrate(production)
        seed_production(production)
        rows = _contents(production_url)
        result = production.test_cli_runner().invoke(args=["data", "backup", "--into", str(tmp_path / "b")])
        assert result.exit_code == 0, result.output
        dispose(production)

        target_url = scratch.url("target")
        target = app_on(target_url, tmp_path / "target-uploads")
        migrate(target)  # someone ran `flask db upgrade` first: only the rows the migrations write are there
        folder = next((tmp_path / "b").iterdir())
        # A backup written by a portal version this one does not know is refused before anything is touched.
        foreign = tmp_path / "foreign"
        shutil.copytree(folder, foreign)
        manifest = json.loads((foreign / "manifest.json").read_text())
        (foreign / "manifest.json").write_text(json.dumps({**manifest, "revision": "9999"}))
        refused = target.test_cli_runner().invoke(args=["data", "restore", str(foreign)])
        assert refused.exit_code != 0 and "restore with the version that wrote it" in refused.output
        result = target.test_cli_runner().invoke(args=["data", "restore", str(folder)])
        assert result.exit_code == 0, result.output
        assert _contents(target_url) == rows
        dispose(target)
