"""Emptying a replica for another helpdesk user: nothing read with the former user's
rights, nor written by them, is left for the next one to see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.store.database import transaction

if TYPE_CHECKING:
    import sqlite_utils


def empty_replica(db: sqlite_utils.Database) -> None:
    """Every row of every table, settings and sync marks too, in one transaction: the
    file stays (a window may hold it open), as empty as a new replica's.  Search indexes
    follow their tables through the tables' triggers."""
    with transaction(db):
        for table in _data_tables(db):
            db.execute(f"DELETE FROM [{table}]")


def _data_tables(db: sqlite_utils.Database) -> list[str]:
    """The ordinary tables: not SQLite's own, not full-text indexes nor their shadow
    tables (written only by SQLite, through the triggers)."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _ in rows
        if not name.startswith("sqlite_")
        and name not in virtual
        and not any(name.startswith(f"{index}_") for index in virtual)
    ]
