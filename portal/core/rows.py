"""Row helpers shared by services."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from portal.extensions import db


def insert_missing(model, rows: list[dict], key: list[str]) -> None:
    """Create rows that do not exist yet; two requests creating the same row at once is fine."""
    if not rows:
        return
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(model).values(rows).on_conflict_do_nothing(index_elements=key))
