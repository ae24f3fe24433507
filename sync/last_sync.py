"""When the laptop last synced completely: the clock of the offline limit (``sync.offline_limit``).

Its own module, without the limit's standings, so that opening a replica that synced
lately (the common case: ``fielddesk visits``) asks only this.

A successful sync is recorded twice (``sync.store.settings.record_successful_sync``):
by the helpdesk's clock (the ``Date`` of its ticket listing, the laptop's clock when
the helpdesk gave none) and by the laptop's clock at the same moment.  A laptop whose
clock was wrong when it synced (a flat CMOS battery, NTP putting it right only later)
would otherwise count the error as time offline.  The limit counts from the later of
the two: a clock that is wrong at the sync can only delay the lock, never bring it
(or the wipe) forward.  When the laptop is first found past the lock since that sync,
the laptop's clock then is kept too (``LOCKED_SEEN_SETTING``, see ``sync.offline_limit``).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from sync.stamps import STAMP_FORMAT, parse_stamp

if TYPE_CHECKING:
    from sync.store.reader import Reader

SHORTEST_LIMIT = timedelta(days=1)  # IT's limits are whole days, at least one
# ISO UTC time of the last complete sync by the helpdesk's clock (settings table)...
LAST_SYNC_SETTING = "sync.last_ok"
# ...and by the laptop's clock at that moment.
LAST_SYNC_LAPTOP_SETTING = "sync.last_ok_laptop"
# The laptop's clock when it was first found past the offline lock since that sync.
LOCKED_SEEN_SETTING = "offline.locked_seen"


class OfflineClock(NamedTuple):
    """What the offline limit counts from, read in one query."""

    helpdesk: datetime | None  # the last complete sync by the helpdesk's clock
    laptop: datetime | None  # the same sync by the laptop's clock
    locked_seen: datetime | None  # first found locked since, by the laptop's clock

    @property
    def last_sync(self) -> datetime | None:
        """The limit's origin: the later of the two records of the last sync."""
        known = [moment for moment in (self.helpdesk, self.laptop) if moment is not None]
        return max(known) if known else None


def offline_clock(db: Reader) -> OfflineClock:
    keys = (LAST_SYNC_SETTING, LAST_SYNC_LAPTOP_SETTING, LOCKED_SEEN_SETTING)
    rows = db.execute("SELECT key, value FROM settings WHERE key IN (?, ?, ?)", keys).fetchall()
    values = {str(key): value for key, value in rows}
    return OfflineClock(*(_moment(values.get(key)) for key in keys))


def last_sync_time(db: Reader) -> datetime | None:
    """The last successful sync as the offline limit counts it (None: never synced)."""
    return offline_clock(db).last_sync


def laptop_sync_time(db: Reader) -> datetime | None:
    """The last successful sync by the laptop's clock (by the helpdesk's for a replica
    synced before both were kept): what "how long ago" on this laptop's clock is
    measured from."""
    found = offline_clock(db)
    return found.laptop or found.helpdesk


def remember_locked_seen(db: Reader, now: datetime) -> None:
    """Keep the first time the laptop was found locked since its last sync (one statement:
    the replica's connection commits it at once).  If another process holds the
    replica's write lock too long, a later look keeps it instead."""
    from sync.store.driver import sqlite3  # noqa: PLC0415 - past the limit only

    with suppress(sqlite3.OperationalError):  # busy, read-only: still locked, the wipe waits
        db.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
            [LOCKED_SEEN_SETTING, now.astimezone(UTC).strftime(STAMP_FORMAT)],
        )


def _moment(value: object) -> datetime | None:
    try:
        return parse_stamp(str(value)) if value is not None else None
    except ValueError:
        return None  # a value we did not write: nothing to count from
