"""A field edited again while in conflict: the decision covers the latest edit, once.

Found by the fleet soak: "take theirs" used to put the helpdesk's value on the
screen while a correction typed after the conflict still went, so RT ended with
the technician's value and the laptop showed the helpdesk's as an unsent edit
of its own, for good.  Now a later edit of a field in conflict becomes the
conflict's "mine" (the screen shows what was typed last) and leaves with the
decision: theirs discards it knowingly, mine sends it once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, server_ticket, supervisor_update

pytestmark = pytest.mark.rt
LATER = "2 x RJ45, 1 x patch panel"
HELPDESK = "1 x PSU"


def corrected_while_in_conflict(rt: RunningRT, tmp_path: Path, user: str) -> tuple[Technician, int]:
    laptop = Technician(rt, user, tmp_path)
    assert laptop.sync().ok
    ticket_id = ticket_store.list_visits(laptop.db)[0].id
    outbox.set_fields(laptop.db, ticket_id, {"parts_used": "2 x RJ45"})
    supervisor_update(rt, ticket_id, {"parts_used": HELPDESK})
    assert laptop.sync().conflicts == 1
    outbox.set_fields(laptop.db, ticket_id, {"parts_used": LATER})
    (shown,) = conflicts.open_conflicts(laptop.db, ticket_id)
    assert (shown.mine, shown.theirs) == (LATER, HELPDESK)  # the screen offers the latest edit
    return laptop, ticket_id


def assert_laptop_equals_rt(
    rt: RunningRT, laptop: Technician, ticket_id: int, expected: str
) -> None:
    """Both hold expected; nothing left to send or to decide."""
    assert server_ticket(rt, ticket_id).fields["parts_used"] == expected
    shown = ticket_store.get_visit(laptop.db, ticket_id)
    base, _ = ticket_store.base_values(laptop.db, ticket_id)
    assert shown is not None and shown.parts_used == expected and base["parts_used"] == expected
    unsent = laptop.db.execute("SELECT count(*) FROM outbox WHERE state != 'done'").fetchone()[0]
    assert unsent == 0 and not conflicts.open_conflicts(laptop.db)


def test_taking_theirs_discards_the_later_edit_and_the_laptop_equals_rt(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop, ticket_id = corrected_while_in_conflict(rt, tmp_path, "carol")
    assert conflicts.resolve(laptop.db, ticket_id, "parts_used", "theirs") is False
    assert laptop.sync().ok
    assert_laptop_equals_rt(rt, laptop, ticket_id, HELPDESK)


def test_keeping_mine_sends_the_later_edit_once(rt: RunningRT, tmp_path: Path) -> None:
    laptop, ticket_id = corrected_while_in_conflict(rt, tmp_path, "alice")
    assert conflicts.resolve(laptop.db, ticket_id, "parts_used", "mine") is True
    assert laptop.sync().ok
    assert_laptop_equals_rt(rt, laptop, ticket_id, LATER)
