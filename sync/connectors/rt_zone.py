"""Dates as RT reads them: which zone, and which wall-clock text lands on an instant.

RT reads every date it is sent (TicketSQL literals, Visit Start, Due) as wall-clock
time in the user's own zone or, for a user who never chose one, in the server's
``$Timezone`` (Debian sets it from the server's /etc/timezone; RT's own default is
US/Eastern).  A zone is kept as its IANA name ("Europe/Berlin") or, when RT's zone
could only be measured, as a fixed offset ("UTC-05:00").

RT's parser (``RT::Date::ParseByTimeParseDate``) reads the text as if it were UTC
and subtracts the zone's offset *at that wrong instant*, so near a DST change the
plain local time lands an hour off.  ``rt_wall_time`` picks the text that RT's
arithmetic maps back onto the instant meant.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RT_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
DAY = timedelta(days=1)
_FIXED = re.compile(r"UTC([+-])(\d\d):(\d\d)")


def rt_zone(name: str | None) -> tzinfo:
    """The zone of a name kept for RT: an IANA name or "UTC±HH:MM"; UTC if unknown."""
    fixed = _FIXED.fullmatch(name or "")
    if fixed:
        sign = -1 if fixed.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(fixed.group(2)), minutes=int(fixed.group(3))))
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def fixed_zone_name(offset: timedelta) -> str:
    """ "UTC-05:00": a zone measured by its offset only."""
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def rt_reads(text: str, zone: tzinfo) -> datetime:
    """The instant RT makes of wall-clock ``text`` in ``zone``, as its parser does:
    the text taken as UTC, less the zone's offset at that instant."""
    as_utc = datetime.strptime(text, RT_DATE_FORMAT).replace(tzinfo=UTC)
    return as_utc - _offset_at(zone, as_utc)


def rt_wall_time(moment: datetime, zone: tzinfo, *, at_most: bool = False) -> str:
    """The text RT reads as ``moment``: the local time, except on the hours round a DST
    change where RT's arithmetic needs the other offset.  In the one hour a year that
    RT cannot be sent (autumn's repeated hour, as RT reads it): the nearest it can,
    or with ``at_most`` the nearest not after it (a search's "since" then misses
    nothing: it asks for a little more)."""
    moment = moment.astimezone(UTC)
    offsets = {_offset_at(zone, moment + shift) for shift in (timedelta(0), -DAY, DAY)}
    local = moment.astimezone(zone).strftime(RT_DATE_FORMAT)
    texts = [local, *((moment + offset).strftime(RT_DATE_FORMAT) for offset in offsets)]
    if at_most:
        texts = [t for t in texts if rt_reads(t, zone) <= moment] or [
            (moment - DAY).astimezone(zone).strftime(RT_DATE_FORMAT)
        ]
    # The local time when it lands exactly (nearly always), else the nearest landing.
    return min(texts, key=lambda text: abs(rt_reads(text, zone) - moment))


def _offset_at(zone: tzinfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset() or timedelta(0)
