"""A ticket opened offline settles on the laptop like any other (found by the fleet soak).

It once got no base: every field it was opened with (subject, status, owner,
site…) counted as a local edit for good, so the helpdesk's later changes never
reached the laptop, and the technician's own next change met a base of nothing:
a conflict with the helpdesk's value, though nobody else touched it.  Creating
it now gives it a base (``sync.changes.new_ticket``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, server_ticket, supervisor_update

pytestmark = pytest.mark.rt


def opened_offline(rt: RunningRT, tmp_path: Path, subject: str) -> tuple[Technician, int]:
    laptop = Technician(rt, "bob", tmp_path)
    assert laptop.sync().ok
    local_id = outbox.create_ticket(
        laptop.db, subject=subject, content="Beeping since Monday.", owner="bob",
        fields={"site": "Solent Logistics"},
    )  # fmt: skip
    report = laptop.sync()
    assert report.ok and report.pushed == 1
    (ticket_id,) = laptop.db.execute(
        "SELECT id FROM tickets WHERE subject = ?", [subject]
    ).fetchone()
    assert ticket_id > 0 and ticket_id != local_id
    return laptop, ticket_id


def test_the_helpdesks_change_to_a_ticket_opened_offline_reaches_the_laptop(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop, ticket_id = opened_offline(rt, tmp_path, "UPS beeping in the comms room")
    supervisor_update(rt, ticket_id, {"subject": "UPS beeping: battery replacement"})
    assert laptop.sync().ok
    visit = ticket_store.get_visit(laptop.db, ticket_id)
    assert visit is not None
    assert visit.subject == "UPS beeping: battery replacement"


def test_a_status_change_on_a_ticket_opened_offline_is_sent_without_a_conflict(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop, ticket_id = opened_offline(rt, tmp_path, "Label printer skips lines")
    assert laptop.sync().ok  # the laptop has seen RT's version of it
    outbox.set_fields(laptop.db, ticket_id, {"status": "open"})
    report = laptop.sync()
    assert report.conflicts == 0
    assert server_ticket(rt, ticket_id).fields["status"] == "open"
