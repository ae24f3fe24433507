"""Which zone the probe settles on when more than one fits the newest ticket.

London and UTC read every winter moment alike: the newest ticket cannot tell them
apart, and a visit booked in January for July would land an hour off under the wrong
one.  A ticket last changed in the other season tells them apart.  The searches are
the real RT's in tests/integration/test_helpdesk_zone.py; here the helpdesk is a
double of the probe's own questions, reading dates as RT's parser does."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sync.connectors.rt.zone_probe import ZoneProbePart
from sync.connectors.rt_zone import rt_reads, rt_wall_time, rt_zone

WINTER = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
SUMMER = datetime(2026, 6, 20, 15, 30, tzinfo=UTC)  # over 150 days before WINTER


class Helpdesk(ZoneProbePart):
    """RT at ``server_zone`` holding tickets last changed at these moments."""

    def __init__(self, server_zone: str, changed: dict[int, datetime]) -> None:
        self.server = rt_zone(server_zone)
        self.changed = changed
        self.questions = 0

    def _newest_changed(self, query: str) -> tuple[int, datetime] | None:
        self.questions += 1
        before = re.fullmatch(r"LastUpdated < '(.+)'", query)
        limit = rt_reads(before.group(1), self.server) if before else None
        one = re.fullmatch(r"id = (\d+)", query)
        found = [
            (moment, ticket)
            for ticket, moment in self.changed.items()
            if (limit is None or moment < limit) and (one is None or ticket == int(one.group(1)))
        ]
        return (max(found)[1], max(found)[0]) if found else None

    def _reads_as(self, marker: tuple[int, datetime], zone: object) -> bool:
        self.questions += 1
        _ticket, moment = marker
        return rt_reads(rt_wall_time(moment, zone), self.server) == moment  # type: ignore[arg-type]


def test_a_ticket_of_the_other_season_tells_london_from_utc() -> None:
    for server in ("UTC", "Europe/London"):
        helpdesk = Helpdesk(server, {1: SUMMER, 2: WINTER})
        assert helpdesk.helpdesk_zone(["Europe/London"]) == server


def test_two_names_of_one_clock_need_no_other_season() -> None:
    helpdesk = Helpdesk("UTC", {2: WINTER})
    assert helpdesk.helpdesk_zone(["Etc/UTC"]) == "Etc/UTC"
    assert helpdesk.questions == 3  # the newest ticket, then each name once


def test_a_summer_probe_needs_no_other_season() -> None:
    helpdesk = Helpdesk("UTC", {1: SUMMER})
    assert helpdesk.helpdesk_zone(["Europe/London"]) == "UTC"
