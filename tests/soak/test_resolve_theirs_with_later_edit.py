"""Found by the fleet soak: "keep theirs" undoes a later edit that is still sent.

A technician's parts-used change meets the helpdesk's (a conflict); before
settling it, the technician corrects the field again (queued behind the
conflict).  Settling the conflict with "theirs" puts the helpdesk's value on the
screen, yet the later correction is still sent: RT ends with the technician's
value, the laptop shows the helpdesk's as if it were an unsent edit of its own,
for good (no outbox row carries it, so it never goes and never clears).

Strict xfail: the day the product fixes it this fails as "XPASS", and the soak
audit's allowance for the symptom (``Audit.known``) goes with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, server_ticket, supervisor_update

pytestmark = [
    pytest.mark.rt,
    pytest.mark.xfail(strict=True, reason="product bug: theirs overrides a later queued edit"),
]


def test_keeping_theirs_then_sending_a_later_edit_leaves_the_laptop_equal_to_rt(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "carol", tmp_path)
    assert laptop.sync().ok
    ticket_id = ticket_store.list_visits(laptop.db)[0].id
    outbox.set_fields(laptop.db, ticket_id, {"parts_used": "2 x RJ45"})
    supervisor_update(rt, ticket_id, {"parts_used": "1 x PSU"})
    assert laptop.sync().conflicts == 1
    outbox.set_fields(laptop.db, ticket_id, {"parts_used": "2 x RJ45, 1 x patch panel"})
    conflicts.resolve(laptop.db, ticket_id, "parts_used", "theirs")
    assert laptop.sync().ok

    on_rt = server_ticket(rt, ticket_id).fields["parts_used"]
    base, _ = ticket_store.base_values(laptop.db, ticket_id)
    shown = ticket_store.get_visit(laptop.db, ticket_id)
    assert shown is not None
    assert shown.parts_used == on_rt  # today: RT "2 x RJ45, 1 x patch panel", laptop "1 x PSU"
    assert base["parts_used"] == on_rt
