"""When the laptop last synced completely: the clock of the offline limit (``sync.offline_limit``).

Its own module, without the limit's standings, so that opening a replica that synced
lately (the common case: ``fielddesk visits``) asks only this.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sync.stamps import parse_stamp

if TYPE_CHECKING:
    from sync.store.reader import Reader

SHORTEST_LIMIT = timedelta(days=1)  # IT's limits are whole days, at least one
LAST_SYNC_SETTING = "sync.last_ok"  # ISO UTC time of the last complete sync (settings table)


def last_sync_time(db: Reader) -> datetime | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [LAST_SYNC_SETTING]).fetchone()
    try:
        return parse_stamp(row[0])
    except (TypeError, ValueError):
        return None  # never synced (or a value we did not write): nothing to count from
