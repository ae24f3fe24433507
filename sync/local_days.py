"""The technician's days: "today" is the day on the laptop's clock, not Greenwich's.

The replica stamps times in UTC ('2026-12-02T09:00:00Z'); the bounds below are in the
same form, so they compare with stamps as plain strings in SQL.

Each bound is a local midnight reckoned in the laptop's zone with its rules
(``sync.laptop_zone.LaptopRules``: the C library's, as every screen's ``astimezone()``),
not the offset of the moment asked about: the day summer time starts is 23 hours
long and the day it ends 25, so "today" and "tomorrow" end at the midnights the
technician's clock shows.  (Not ``zoneinfo``: the visit list asks for today before
the window's first paint.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sync.laptop_zone import LaptopRules
from sync.stamps import STAMP_FORMAT


def local_days(now: datetime | None = None, days: int = 1) -> tuple[str, str]:
    """[start, end) of the local day holding ``now`` and the days after it, as UTC stamps."""
    today = (now or datetime.now(UTC)).astimezone().date()
    return _midnight(today), _midnight(today + timedelta(days=days))


def _midnight(day: date) -> str:
    """The start of ``day`` on the laptop's clock, as a UTC stamp."""
    start = datetime.combine(day, time(), LaptopRules())
    return start.astimezone(UTC).strftime(STAMP_FORMAT)
