"""Which zone RT reads this user's dates in, found by asking it.

A user who chose a zone in RT has it in their record.  Most never do, and RT then
reads their dates in the server's ``$Timezone``, which REST2 never tells.  So it is
found from a ticket whose last change RT serves in UTC: the ticket is searched for
as each candidate zone would write that moment, and RT finds it only under the zone
it reads in (one request a candidate: the laptop's zone, then UTC).  A server in some
other zone is measured instead: the offset RT applies, found by halving a day's
range of offsets (eight requests), kept as a fixed offset.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sync.connectors.rt.common import RTResource, page_items
from sync.connectors.rt_convert import next_second
from sync.connectors.rt_zone import RT_DATE_FORMAT, fixed_zone_name, rt_wall_time, rt_zone
from sync.laptop_zone import zone_name

STEP = timedelta(minutes=15)  # every zone's offset is a whole number of quarter hours
WIDEST = timedelta(hours=14)  # offsets run from -12:00 to +14:00


def laptop_zone_names() -> list[str]:
    """The laptop's zone, if it has a name RT could share: the likeliest server zone
    (an IT department and its technicians mostly keep one clock)."""
    name = zone_name()
    return [name] if name and rt_zone(name) is not UTC else []


class ZoneProbePart(RTResource):
    def helpdesk_zone(self, candidates: list[str]) -> str | None:
        """The zone RT reads this user's dates in (None: RT shows them no ticket yet).

        ``candidates``: zone names to try first, most likely first."""
        marker = self._newest_ticket()
        if marker is None:
            return None
        ticket_id, moment = marker
        for name in dict.fromkeys([*candidates, "UTC"]):
            text = rt_wall_time(moment, rt_zone(name))
            within = f"LastUpdated >= '{text}' AND LastUpdated < '{next_second(text)}'"
            if self._found(ticket_id, within):
                return name
        return fixed_zone_name(self._measured_offset(ticket_id, moment))

    def _newest_ticket(self) -> tuple[int, datetime] | None:
        reply = self.http.get(
            "tickets",
            {
                "query": "id > 0",
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

    def _measured_offset(self, ticket_id: int, moment: datetime) -> timedelta:
        """The offset RT subtracts from a date it is sent: the ticket's moment written
        as UTC plus ``d`` is after it exactly when ``d`` exceeds that offset."""
        low, high = -WIDEST // STEP - 1, WIDEST // STEP + 1  # in steps: found above, not below
        while high - low > 1:
            middle = (low + high) // 2
            text = (moment + middle * STEP).strftime(RT_DATE_FORMAT)
            if self._found(ticket_id, f"LastUpdated < '{text}'"):
                high = middle
            else:
                low = middle
        return low * STEP

    def _found(self, ticket_id: int, condition: str) -> bool:
        reply = self.http.get(
            "tickets", {"query": f"id = {int(ticket_id)} AND {condition}", "fields": "id"}
        )
        return bool(page_items(reply.body))
