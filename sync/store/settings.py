"""Per-profile settings and sync cursors, kept in the replica."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sync.last_sync import LAST_SYNC_LAPTOP_SETTING, LAST_SYNC_SETTING, LOCKED_SEEN_SETTING
from sync.stamps import STAMP_FORMAT
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


def record_successful_sync(db: sqlite_utils.Database, server_time: str | None = None) -> None:
    """A sync completed: the offline limit counts from here (``sync.last_sync``).

    ``server_time``: the helpdesk's clock during the sync (ISO UTC, its ``Date``
    header), kept with the laptop's clock now; without it the laptop's stands for
    both.  A lock seen since the previous sync is over.
    """
    laptop = datetime.now(UTC).strftime(STAMP_FORMAT)
    with transaction(db):
        set_setting(db, LAST_SYNC_SETTING, server_time or laptop)
        set_setting(db, LAST_SYNC_LAPTOP_SETTING, laptop)
        delete_setting(db, LOCKED_SEEN_SETTING)


def last_successful_sync(db: sqlite_utils.Database) -> str | None:
    """When the last sync completed by the laptop's clock, for "synced 5 min ago" (the
    helpdesk's, for a replica synced before both were kept): a helpdesk whose clock is
    hours away would otherwise read "synced 3 h ago" right after a sync."""
    return get_setting(db, LAST_SYNC_LAPTOP_SETTING) or get_setting(db, LAST_SYNC_SETTING)
