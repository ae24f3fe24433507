"""The zone RT reads this user's dates in, as the replica remembers it.

Learned at sign-in (``sync.connectors.rt.zone_probe``) and again once a day at a
sync: a server whose zone changed, a user who chose a zone in RT since, or a
profile signed in by a FieldDesk that assumed UTC (every date it sent on a helpdesk
in another zone landed hours off) is put right by the next day's first sync.  The
check costs a few requests once a day, none in the syncs between.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sync.errors import SyncError
from sync.stamps import STAMP_FORMAT, parse_stamp
from sync.store.settings import get_setting, set_setting

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.rt import RTConnector

ZONE_SETTING = "timezone"
CHECKED_SETTING = "timezone.checked"  # when it was last learned, by the laptop's clock
CHECK_EVERY = timedelta(days=1)


def helpdesk_zone(db: sqlite_utils.Database) -> str:
    return get_setting(db, ZONE_SETTING) or "UTC"


def remember_zone(db: sqlite_utils.Database, zone: str, now: datetime | None = None) -> None:
    set_setting(db, ZONE_SETTING, zone)
    set_setting(db, CHECKED_SETTING, (now or datetime.now(UTC)).strftime(STAMP_FORMAT))


def check_zone(
    db: sqlite_utils.Database, connector: RTConnector, now: datetime | None = None
) -> None:
    """Learn the zone again if a day has passed (or the clock went back): the connector
    writes in it from now on.  Offline, the run that follows says so; nothing here."""
    now = now or datetime.now(UTC)
    if not _due(get_setting(db, CHECKED_SETTING), now):
        return
    try:
        zone = connector.user_zone()
    except SyncError:
        return
    if zone is None:  # no ticket to ask about yet: the next sync asks again
        return
    remember_zone(db, zone, now)
    connector.timezone = zone


def _due(checked: str | None, now: datetime) -> bool:
    try:
        age = now - parse_stamp(checked or "")
    except ValueError:
        return True  # never checked since a FieldDesk that did not
    return not timedelta(0) <= age < CHECK_EVERY
