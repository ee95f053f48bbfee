"""Row helpers shared by services."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.attributes import set_committed_value

from portal.extensions import db


def insert_missing(model, rows: list[dict], key: list[str]) -> None:
    """Create rows that do not exist yet; two requests creating the same row at once is fine."""
    if not rows:
        return
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    db.session.execute(insert(model).values(rows).on_conflict_do_nothing(index_elements=key))


def update_if(row, changes: dict, *conditions) -> bool:
    """Write `changes` to `row` in one `UPDATE … WHERE` its id and every condition hold; whether it did.

    Capacity and limit changes go through here, relative to what the row holds (`{"booked": Slot.booked + 1}`,
    `Slot.booked < Slot.counters`): the database checks the condition as it writes, so a race can never pass a
    check that was true when read, whatever the locks did. `row` gets the values written.
    """
    model = type(row)
    statement = (update(model).where(model.id == row.id, *conditions).values(changes)
                 .returning(*(getattr(model, name) for name in changes))
                 .execution_options(synchronize_session=False))
    written = db.session.execute(statement).first()
    if written is None:
        return False
    for name, value in zip(changes, written, strict=True):
        set_committed_value(row, name, value)
    return True
