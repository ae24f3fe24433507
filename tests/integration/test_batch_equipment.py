"""A batch of a hundred tickets keeps every ticket's equipment (real RT on SQLite or
PostgreSQL): RT on SQLite answers an asset search naming 64 or more tickets with nothing."""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync.connectors.rt import FIELD_QUEUE
from tests.integration.helpers import connector, past_this_second
from tests.integration.rt_admin import run_perl

pytestmark = pytest.mark.rt


def tickets_referring_to_asset_1(rt: RunningRT, count: int) -> list[int]:
    """Closed tickets of nobody's (out of every laptop's lists), each linked to asset 1."""
    out = run_perl(
        rt,
        f"""
for my $n (1 .. {int(count)}) {{
    my $ticket = RT::Ticket->new(RT->SystemUser);
    my ($id, $txn, $msg) = $ticket->Create(
        Queue => '{FIELD_QUEUE}', Subject => "Printer service $n", Status => 'resolved');
    die "$msg\\n" unless $id;
    my ($ok, $why) = $ticket->AddLink(Type => 'RefersTo', Target => 'asset:1');
    die "$why\\n" unless $ok;
    print "$id\\n";
}}
""",
    )
    return [int(line) for line in out.split()]


def test_each_of_a_hundred_tickets_read_together_keeps_its_equipment(rt: RunningRT) -> None:
    ids = tickets_referring_to_asset_1(rt, 80)
    past_this_second()
    batch = connector(rt, "supervisor").fetch_tickets(dict.fromkeys(ids, 0))
    equipment = {pulled.ticket.id: [a.id for a in pulled.assets] for pulled in batch.pulled}
    assert sorted(equipment) == ids
    assert all(assets == [1] for assets in equipment.values()), "was: none at all"
