"""SQLite, the development database, made race-safe: its write transactions begin `IMMEDIATE`.

The Python driver (pysqlite) opens a transaction only just before an INSERT, UPDATE or DELETE, and a deferred
one: the reads a use case makes to check its rule (free places, a balance, a yearly limit) run outside it, so
two requests can both check, then both write. SQLite has no row locks either (`SELECT … FOR UPDATE` is dropped).

Here the driver's own transaction handling is switched off (as the SQLAlchemy documentation advises for
pysqlite) and the transaction begins `BEGIN IMMEDIATE` before the first statement that writes or locks
(`with_for_update()`): it takes SQLite's one write lock, waiting for it up to the busy timeout, so from there to
the commit the use case reads and writes alone, as PostgreSQL's row lock makes it. Reads before that run on
their own and see what was committed, as under PostgreSQL's READ COMMITTED (the cache relies on this).

The lock is a second line: capacity and limit changes are also conditional updates (`portal.core.rows.update_if`).
"""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another one to commit before "database is locked"
BEGINS_A_WRITE = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT")


def make_race_safe(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _take_over_transactions)
    event.listen(engine, "before_cursor_execute", _begin_immediate_before_writing)


def _take_over_transactions(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # the driver begins nothing by itself; COMMIT/ROLLBACK still work
    dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _begin_immediate_before_writing(_conn, cursor, statement, _parameters, context, _executemany) -> None:
    driver = cursor.connection
    if not driver.in_transaction and _writes_or_locks(statement, context):
        driver.execute("BEGIN IMMEDIATE")


def _writes_or_locks(statement: str, context) -> bool:
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        return True
    compiled = getattr(getattr(context, "compiled", None), "statement", None)
    if getattr(compiled, "_for_update_arg", None) is not None:  # with_for_update(): SQLite has no syntax for it
        return True
    words = statement.lstrip().split(None, 1)
    return bool(words) and words[0].upper() in BEGINS_A_WRITE
