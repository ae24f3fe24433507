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
    """Local time as the C library reckons it, for a zone with no name to load.

    Both ways go through the C library with Python's own rules for the hours summer
    time repeats or skips (PEP 495's ``fold``), as ``astimezone()`` does: UTC to
    local by the timestamp (``fromutc``; the second 02:30 of an autumn night is
    ``fold=1``), local to UTC by the naive time's ``timestamp()`` (a skipped 02:30
    reads with the offset before the change, as ``zoneinfo`` reads it).
    """

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return timedelta(seconds=time.localtime().tm_gmtoff)
        wall = dt.replace(tzinfo=None, microsecond=0)
        return (wall - _EPOCH) - timedelta(seconds=round(wall.timestamp()))

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(hours=1) if self._local(dt).tm_isdst > 0 else timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return self._local(dt).tm_zone

    def fromutc(self, dt: datetime) -> datetime:
        """UTC (``dt``'s fields, with this zone attached) to local time, by the C library."""
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        seconds = (dt.replace(tzinfo=None, microsecond=0) - _EPOCH) // timedelta(seconds=1)
        local = datetime.fromtimestamp(seconds)  # naive local time, its fold set
        return local.replace(microsecond=dt.microsecond, tzinfo=self)

    def __str__(self) -> str:
        return "the laptop's time zone"

    @staticmethod
    def _local(dt: datetime | None) -> time.struct_time:
        if dt is None:
            return time.localtime()
        return time.localtime(dt.replace(tzinfo=None, microsecond=0).timestamp())


_EPOCH = datetime(1970, 1, 1)  # naive: UTC fields, for whole seconds since the epoch
