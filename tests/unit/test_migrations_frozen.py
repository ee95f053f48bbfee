"""Migrations never import the application: a migration must give the same schema and rows for ever, whatever the
code becomes (the rows it inserts are frozen in the file)."""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.pure

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_migration_imports_the_portal():
    files = sorted(MIGRATIONS.rglob("*.py"))
    assert len(files) > 20  # the folder was found
    offenders = {path.relative_to(MIGRATIONS).as_posix(): sorted(name for name in _imported_modules(path)
                                                                if name == "portal" or name.startswith("portal."))
                 for path in files}
    assert {name: modules for name, modules in offenders.items() if modules} == {}


def test_the_check_sees_an_import_of_the_portal(tmp_path):
    sample = tmp_path / "0099_sample.py"
    sample.write_text("import sqlalchemy as sa\n\ndef upgrade():\n    from portal.site import x\n", encoding="utf-8")
    assert "portal.site" in _imported_modules(sample)
