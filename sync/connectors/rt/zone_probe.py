"""Which zone RT reads this user's dates in, found by asking it.

A user who chose a zone in RT has it in their record.  Most never do, and RT then
reads their dates in the server's ``$Timezone``, which REST2 never tells.  So it is
found from a ticket whose last change RT serves in UTC: the ticket is searched for
as each candidate zone would write that moment, and RT finds it only under the zone
it reads in (one request a candidate: the zone known so far, the laptop's, then
UTC).  A server in some other zone is measured instead: the offset RT applies, found
by halving a day's range of offsets (eight requests), kept as a fixed offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sync.connectors.rt.common import RTResource, page_items
from sync.connectors.rt_convert import next_second
from sync.connectors.rt_zone import RT_DATE_FORMAT, fixed_zone_name, rt_wall_time, rt_zone
from sync.laptop_zone import zone_name

STEP = timedelta(minutes=15)  # every zone's offset is a whole number of quarter hours
WIDEST = timedelta(hours=14)  # offsets run from -12:00 to +14:00
SEASON_AWAY = timedelta(days=150)  # summer time's offset when it is winter, and back


def _offset_at(name: str, moment: datetime) -> timedelta | None:
    return moment.astimezone(rt_zone(name)).utcoffset()


def _year_of_offsets(zone: tzinfo, moment: datetime) -> tuple[timedelta | None, ...]:
    """A zone's offsets over the year from moment: two names with the same are one clock."""
    return tuple(
        (moment + month * timedelta(days=30)).astimezone(zone).utcoffset() for month in range(12)
    )


def laptop_zone_names() -> list[str]:
    """The laptop's zone, if it has a name RT could share: the likeliest server zone
    (an IT department and its technicians mostly keep one clock)."""
    name = zone_name()
    return [name] if name and rt_zone(name) is not UTC else []


def zone_candidates(known: str) -> list[str]:
    """Zone names to try, likeliest first: the one known so far, then the laptop's.

    A laptop taken to another zone still reports to the same helpdesk: its zone no
    longer fits, the one learned before does (a measured offset would lose its
    summer time).  Only a name with a clock of its own is worth a request: UTC is
    always tried, and a fixed offset is what the probe measures when no name fits."""
    zone = rt_zone(known)
    named = isinstance(zone, ZoneInfo) and any(_year_of_offsets(zone, datetime.now(UTC)))
    return list(dict.fromkeys([*([known] if named else []), *laptop_zone_names()]))


class ZoneProbePart(RTResource):
    def helpdesk_zone(self, candidates: list[str]) -> str | None:
        """The zone RT reads this user's dates in; None when it cannot be told now (RT
        shows them no ticket yet, or the ticket asked about changed meanwhile): the
        caller keeps what it had and asks again at a later sync.

        ``candidates``: zone names to try first, most likely first."""
        marker = self._newest_changed("id > 0")
        if marker is None:
            return None
        names = list(dict.fromkeys([*candidates, "UTC"]))
        matching = [name for name in names if self._reads_as(marker, rt_zone(name))]
        if matching:
            return self._one_of(matching, marker)
        offset = self._measured_offset(*marker)
        if offset is None or self._newest_changed(f"id = {marker[0]}") != marker:
            return None  # it changed while asked about, or RT reads no zone we know
        # A name whose clock showed that offset then keeps its summer time; a bare
        # offset would not (the searches above can miss it on a DST change's hours).
        explaining = [name for name in names if _offset_at(name, marker[1]) == offset]
        return explaining[0] if explaining else fixed_zone_name(offset)

    def _reads_as(self, marker: tuple[int, datetime], zone: tzinfo) -> bool:
        """Whether RT finds the ticket's last change where ``zone`` writes it."""
        ticket_id, moment = marker
        text = rt_wall_time(moment, zone)
        return self._found(
            ticket_id, f"LastUpdated >= '{text}' AND LastUpdated < '{next_second(text)}'"
        )

    def _one_of(self, matching: list[str], marker: tuple[int, datetime]) -> str:
        """Of zones RT reads as at one moment, the one it reads as all year: London and
        UTC agree all winter.  A ticket last changed in another season tells them apart;
        without one, the likeliest (the laptop's) stands until the daily check sees a
        change made in the season where they differ."""
        kinds = {_year_of_offsets(rt_zone(name), marker[1]) for name in matching}
        if len(kinds) == 1:
            return matching[0]  # the same clock under two names (Etc/UTC and UTC)
        months_before = rt_wall_time(marker[1] - SEASON_AWAY, UTC, at_most=True)
        other = self._newest_changed(f"LastUpdated < '{months_before}'")
        if other is not None:
            for name in matching:
                if self._reads_as(other, rt_zone(name)):
                    return name
        return matching[0]

    def _newest_changed(self, query: str) -> tuple[int, datetime] | None:
        """The ticket matching ``query`` changed last, and when (RT's UTC)."""
        reply = self.http.get(
            "tickets",
            {
                "query": query,
                "fields": "LastUpdated",
                "per_page": 1,
                "orderby": "LastUpdated",
                "order": "DESC",
            },
        )
        for item in page_items(reply.body):
            try:
                stamp = datetime.strptime(str(item["LastUpdated"]), "%Y-%m-%dT%H:%M:%SZ")
                return int(item["id"]), stamp.replace(tzinfo=UTC)
            except (KeyError, TypeError, ValueError):
                return None
        return None

    def _measured_offset(self, ticket_id: int, moment: datetime) -> timedelta | None:
        """The offset RT subtracts from a date it is sent: the ticket's moment written
        as UTC plus ``d`` is after it exactly when ``d`` exceeds that offset.  None when
        the answer is off every zone's range (the ticket changed while asked about)."""
        # In steps, one beyond each end of the range: an answer there is no zone's.
        lowest, highest = -WIDEST // STEP - 2, WIDEST // STEP + 2
        low, high = lowest, highest  # found above high, not at or below low
        while high - low > 1:
            middle = (low + high) // 2
            text = (moment + middle * STEP).strftime(RT_DATE_FORMAT)
            if self._found(ticket_id, f"LastUpdated < '{text}'"):
                high = middle
            else:
                low = middle
        return None if low == lowest or high == highest else low * STEP

    def _found(self, ticket_id: int, condition: str) -> bool:
        reply = self.http.get(
            "tickets", {"query": f"id = {int(ticket_id)} AND {condition}", "fields": "id"}
        )
        return bool(page_items(reply.body))
