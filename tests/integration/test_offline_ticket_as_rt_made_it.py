"""A ticket opened offline is merged against what RT made of it, not what was sent.

RT fills in what the laptop did not send: a new ticket has priority 0 there.  With
the values sent as its base (priority: nothing), escalating the ticket before its
first sync met RT's 0 as "changed on the helpdesk too": a false conflict, and the
supervisor never saw the escalation's priority.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.engine import SyncEngine
from sync.store import tickets as ticket_store
from sync.workflow import ESCALATION_PREFIX, ESCALATION_PRIORITY
from tests.integration.helpers import Technician, comments_with, server_ticket

pytestmark = pytest.mark.rt


def a_laptop(rt: RunningRT, tmp_path: Path) -> Technician:
    laptop = Technician(rt, "bob", tmp_path)
    assert laptop.sync().ok
    return laptop


def opened_here(laptop: Technician, subject: str) -> int:
    return outbox.create_ticket(
        laptop.db, subject=subject, content="Found on site.", owner="bob",
        fields={"site": "Solent Logistics"},
    )  # fmt: skip


def server_id(laptop: Technician, subject: str) -> int:
    (ticket_id,) = laptop.db.execute(
        "SELECT id FROM tickets WHERE subject = ?", [subject]
    ).fetchone()
    assert ticket_id > 0, "not created on the helpdesk"
    return int(ticket_id)


def test_escalating_a_ticket_opened_offline_raises_its_priority_on_rt_without_a_conflict(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = a_laptop(rt, tmp_path)
    subject = "Card terminal declines every contactless payment"
    local_id = opened_here(laptop, subject)
    outbox.escalate(laptop.db, local_id, "needs approval", author="bob")

    report = laptop.sync()

    assert report.ok and report.conflicts == 0, report
    ticket_id = server_id(laptop, subject)
    assert server_ticket(rt, ticket_id).fields["priority"] == str(ESCALATION_PRIORITY)
    assert len(comments_with(rt, ticket_id, f"{ESCALATION_PREFIX} needs approval")) == 1
    visit = ticket_store.get_visit(laptop.db, ticket_id)
    assert visit is not None and visit.priority == ESCALATION_PRIORITY
    assert visit.open_conflicts == 0 and visit.pending_changes == 0


def test_changes_queued_on_a_ticket_opened_offline_all_reach_rt(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = a_laptop(rt, tmp_path)
    subject = "Server room air conditioning drips on the rack"
    local_id = opened_here(laptop, subject)
    outbox.set_fields(laptop.db, local_id, {"priority": "70"})
    outbox.set_fields(
        laptop.db,
        local_id,
        {"status": "open", "visit_start": "2026-12-03 09:00", "visit_end": "2026-12-03 10:30"},
    )
    outbox.set_fields(laptop.db, local_id, {"parts_used": "Drip tray\nHose clamp"})

    report = laptop.sync()

    assert report.ok and report.conflicts == 0, report
    ticket_id = server_id(laptop, subject)
    fields = server_ticket(rt, ticket_id).fields
    assert fields["priority"] == "70"
    assert fields["status"] == "open"
    assert (fields["visit_start"], fields["visit_end"]) == (
        "2026-12-03T09:00:00Z",
        "2026-12-03T10:30:00Z",
    )
    assert fields["parts_used"] == "Drip tray\nHose clamp"
    visit = ticket_store.get_visit(laptop.db, ticket_id)
    assert visit is not None and visit.open_conflicts == 0 and visit.pending_changes == 0


def test_a_ticket_opened_offline_holds_rts_values_once_made(rt: RunningRT, tmp_path: Path) -> None:
    """Right after it is made, before any pull: its base and version are RT's, and a
    field the technician left alone shows what RT gave it."""
    laptop = a_laptop(rt, tmp_path)
    subject = "Badge reader at the loading bay stays red"
    opened_here(laptop, subject)

    assert SyncEngine(laptop.db, laptop.connector, pullers=[]).run().pushed == 1

    ticket_id = server_id(laptop, subject)
    on_rt = laptop.connector.fetch_ticket(ticket_id)
    base, etag = ticket_store.base_values(laptop.db, ticket_id)
    assert base == on_rt.fields
    assert etag == on_rt.etag
    assert ticket_store.working_values(laptop.db, ticket_id) == on_rt.fields
