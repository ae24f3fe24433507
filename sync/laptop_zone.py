"""The laptop's time zone, with its rules (summer time), as a ``tzinfo``.

Every screen shows times in the laptop's zone (``astimezone()``), so the dispatch
board does too: a supervisor types a visit's time as the technician will read it.
A board needs the zone as an object, for days it has not reached yet: by name
when the system says it (``TZ``, ``/etc/localtime``), else the C library's own
rules (Windows, a zone given as a POSIX string).
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

LOCALTIME = Path("/etc/localtime")


def laptop_zone() -> tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415 - the board's only

    name = zone_name()
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return LaptopRules()


def zone_name() -> str | None:
    """ "Europe/Berlin" from TZ or the /etc/localtime link; None when neither says."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if name:
        return name
    try:
        target = str(LOCALTIME.readlink())
    except OSError:  # not a link, not there (Windows)
        return None
    _, found, name = target.partition("zoneinfo/")
    return name if found else None


class LaptopRules(tzinfo):
    """Local time as the C library reckons it, for a zone with no name to load."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        return timedelta(seconds=self._local(dt).tm_gmtoff)

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1) if self._local(dt).tm_isdst > 0 else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return self._local(dt).tm_zone

    def __str__(self) -> str:
        return "the laptop's time zone"

    @staticmethod
    def _local(dt: datetime | None) -> time.struct_time:
        if dt is None:
            return time.localtime()
        fields = (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, 0, 0, -1)
        return time.localtime(time.mktime(fields))
