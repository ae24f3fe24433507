"""Per-profile settings and sync cursors, kept in the replica."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sync.last_sync import LAST_SYNC_SETTING
from sync.store.database import transaction

if TYPE_CHECKING:
    import sqlite_utils


def get_setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return str(row[0]) if row else default


def set_setting(db: sqlite_utils.Database, key: str, value: str) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def delete_setting(db: sqlite_utils.Database, key: str) -> None:
    with transaction(db):
        db.execute("DELETE FROM settings WHERE key = ?", [key])


def get_cursor(db: sqlite_utils.Database, name: str) -> str | None:
    row = db.execute("SELECT value FROM cursors WHERE name = ?", [name]).fetchone()
    return str(row[0]) if row else None


def set_cursor(db: sqlite_utils.Database, name: str, value: str) -> None:
    """Advance a cursor: call inside the transaction that commits the data it covers."""
    db.execute(
        "INSERT INTO cursors(name, value) VALUES (?, ?)"
        " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        [name, value],
    )


def record_successful_sync(db: sqlite_utils.Database) -> None:
    set_setting(db, LAST_SYNC_SETTING, datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def last_successful_sync(db: sqlite_utils.Database) -> str | None:
    return get_setting(db, LAST_SYNC_SETTING)
