"""The sync engine against the real private RT: what a technician would notice."""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.connectors.rt import FIELD_QUEUE, ticket_sql_quote
from sync.store import assets as asset_store
from sync.store import kb
from sync.store import tickets as ticket_store
from sync.store import users as user_store
from tests.integration.helpers import (
    Technician,
    comments_with,
    connector,
    server_ticket,
    supervisor_update,
)

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    report = laptop.sync()
    assert report.ok, report
    return laptop


def open_visits(laptop: Technician) -> list[ticket_store.Visit]:
    return [v for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open")]


def test_first_sync_brings_all_of_alices_visits_with_history_kb_and_assets(
    rt: RunningRT, alice: Technician
) -> None:
    supervisor = connector(rt, "supervisor")
    on_server = supervisor.search_tickets(
        f"Queue={ticket_sql_quote(FIELD_QUEUE)} AND Owner='alice'", "Subject"
    )
    visits = ticket_store.list_visits(alice.db)
    assert {v.id for v in visits} == {int(t["id"]) for t in on_server}
    assert all(v.site and v.subject for v in visits)
    # Every visit has its full conversation, bodies included.
    for visit in visits:
        entries = ticket_store.history(alice.db, visit.id)
        assert entries[0].type == "Create"
        assert entries[0].body
    assert any(asset_store.assets_of(alice.db, v.id) for v in visits)
    assert kb.article_count(alice.db) >= 40
    # People for pickers: the technician, the office and the customers she deals with.
    known = {name for name, _ in user_store.list_users(alice.db)}
    assert {"alice", "supervisor"} <= known
    assert any("@" in name for name in known)
    hits = kb.search(alice.db, "paper jam")
    assert hits and "[" in hits[0].snippet


def test_idle_sync_costs_a_handful_of_requests(alice: Technician) -> None:
    report = alice.sync()
    assert report.ok
    assert report.tickets_pulled == 0
    # What changed with the scope's size, KB articles with checklist templates
    # (docs/performance.md).
    assert report.requests <= 2


def test_incremental_sync_picks_up_the_supervisors_change(rt: RunningRT, alice: Technician) -> None:
    visit = open_visits(alice)[0]
    supervisor_update(rt, visit.id, {"visit_start": "2026-12-01T08:30:00Z", "priority": "95"})
    report = alice.sync()
    assert report.ok and report.tickets_pulled == 1
    updated = ticket_store.get_visit(alice.db, visit.id)
    assert updated is not None
    assert (updated.visit_start, updated.priority) == ("2026-12-01T08:30:00Z", 95)


def test_offline_note_time_and_status_reach_rt_once(rt: RunningRT, alice: Technician) -> None:
    visit = open_visits(alice)[1]
    worked_before = server_ticket(rt, visit.id).time_worked
    text = "Replaced the fuser unit; 20 test pages without a jam."
    outbox.add_note(alice.db, visit.id, text, author="alice", minutes=25)
    outbox.set_fields(alice.db, visit.id, {"status": "resolved", "parts_used": "Fuser kit"})
    local = ticket_store.get_visit(alice.db, visit.id)
    assert local is not None and local.pending_changes == 2

    report = alice.sync()
    assert report.ok and report.pushed == 2
    assert len(comments_with(rt, visit.id, text)) == 1
    remote = server_ticket(rt, visit.id)
    assert remote.time_worked == worked_before + 25
    assert remote.fields["status"] == "resolved"
    assert remote.fields["parts_used"] == "Fuser kit"
    # Syncing again sends nothing twice.
    alice.sync()
    assert len(comments_with(rt, visit.id, text)) == 1
    assert server_ticket(rt, visit.id).time_worked == worked_before + 25
    notes = [e for e in ticket_store.history(alice.db, visit.id) if e.body == text]
    assert len(notes) == 1 and notes[0].id is not None


def test_status_change_on_a_ticket_changed_meanwhile_is_merged(
    rt: RunningRT, alice: Technician
) -> None:
    visit = open_visits(alice)[2]
    outbox.set_fields(alice.db, visit.id, {"status": "stalled"})
    # Meanwhile, on the helpdesk, someone changes another field: the stored
    # version is stale, RT answers 412, the engine merges.
    supervisor_update(rt, visit.id, {"contact": "Front desk, ext. 201"})
    report = alice.sync()
    assert report.ok and report.conflicts == 0
    remote = server_ticket(rt, visit.id)
    assert remote.fields["status"] == "stalled"
    assert remote.fields["contact"] == "Front desk, ext. 201"
    local = ticket_store.get_visit(alice.db, visit.id)
    assert local is not None and local.contact == "Front desk, ext. 201"


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_same_field_changed_on_both_sides_is_a_conflict_then_resolved(
    rt: RunningRT, alice: Technician, choice: str
) -> None:
    visit = open_visits(alice)[0 if choice == "mine" else 1]
    outbox.set_fields(alice.db, visit.id, {"parts_used": "Toner TN-2420"})
    supervisor_update(rt, visit.id, {"parts_used": "Drum DR-2400"})

    report = alice.sync()
    assert report.conflicts == 1
    found = conflicts.open_conflicts(alice.db, visit.id)
    assert [(c.field, c.mine, c.theirs) for c in found] == [
        ("parts_used", "Toner TN-2420", "Drum DR-2400")
    ]
    # Nothing was overwritten on either side.
    assert server_ticket(rt, visit.id).fields["parts_used"] == "Drum DR-2400"
    local = ticket_store.get_visit(alice.db, visit.id)
    assert local is not None and local.parts_used == "Toner TN-2420" and local.open_conflicts

    conflicts.resolve(alice.db, visit.id, "parts_used", choice)  # type: ignore[arg-type]
    assert alice.sync().ok
    expected = "Toner TN-2420" if choice == "mine" else "Drum DR-2400"
    assert server_ticket(rt, visit.id).fields["parts_used"] == expected
    local = ticket_store.get_visit(alice.db, visit.id)
    assert local is not None and local.parts_used == expected
    assert local.open_conflicts == 0 and local.pending_changes == 0


def test_ticket_created_offline_with_two_notes_is_one_ticket_with_two_notes(
    rt: RunningRT, alice: Technician
) -> None:
    local_id = outbox.create_ticket(
        alice.db,
        subject="Reception PC fan grinding",
        content="Customer mentioned it while I was there.",
        owner="alice",
        fields={"site": "Acme Dental Clinic"},
    )
    outbox.add_note(alice.db, local_id, "Fan noise confirmed.", author="alice", minutes=5)
    outbox.add_note(alice.db, local_id, "Ordered a replacement fan.", author="alice")
    report = alice.sync()
    assert report.ok and report.pushed == 3
    supervisor = connector(rt, "supervisor")
    created = supervisor.search_tickets("Subject = 'Reception PC fan grinding'", "Owner")
    assert len(created) == 1
    new_id = int(created[0]["id"])
    assert created[0]["Owner"]["id"] == "alice"
    assert len(comments_with(rt, new_id, "Fan noise confirmed.")) == 1
    assert len(comments_with(rt, new_id, "Ordered a replacement fan.")) == 1
    # Locally the ticket now has its server id and no temporary twin.
    assert ticket_store.get_visit(alice.db, local_id) is None
    visit = ticket_store.get_visit(alice.db, new_id)
    assert visit is not None and visit.site == "Acme Dental Clinic" and visit.pending_changes == 0


def test_ticket_reassigned_away_with_a_pending_note_is_reported_and_leaves_after(
    rt: RunningRT, alice: Technician
) -> None:
    visit = open_visits(alice)[-1]
    outbox.add_note(alice.db, visit.id, "Waiting for the customer's key.", author="alice")
    supervisor_update(rt, visit.id, {"owner": "bob"})

    report = alice.sync()
    assert visit.id in report.kept_with_unsent_changes
    assert report.rejected, "the note could not be delivered and says why"
    kept = ticket_store.get_visit(alice.db, visit.id)
    assert kept is not None and kept.gone and "no longer assigned" in kept.gone
    [row] = [r for r in outbox.rows(alice.db) if r.ticket_ref == visit.id]
    assert row.state == "rejected" and row.payload["content"] == "Waiting for the customer's key."

    outbox.discard(alice.db, row.seq)  # the technician read it and let it go
    report = alice.sync()
    assert ticket_store.get_visit(alice.db, visit.id) is None
    assert report.tickets_removed == 1


def test_every_field_change_to_a_visit_reassigned_away_is_refused_none_left_waiting(
    rt: RunningRT, alice: Technician
) -> None:
    visit = open_visits(alice)[-1]
    outbox.set_fields(alice.db, visit.id, {"parts_used": "1 x fuser"})
    outbox.set_fields(alice.db, visit.id, {"status": "stalled"})
    supervisor_update(rt, visit.id, {"owner": "bob"})

    report = alice.sync()

    # Both refused, each saying why; none waits for a sync that can never send it.
    rows = [r for r in outbox.rows(alice.db) if r.ticket_ref == visit.id]
    assert [(r.state, r.error_cause) for r in rows] == [("rejected", "reassigned")] * 2
    assert len(report.rejected) == 2 and all("bob" in r for r in report.rejected)
    on_rt = server_ticket(rt, visit.id).fields
    assert on_rt["status"] != "stalled" and on_rt["parts_used"] != "1 x fuser"

    # The office gives the visit back. A change made since then waits behind the old
    # refusal (held, and said so), not refused for a reason that no longer holds.
    supervisor_update(rt, visit.id, {"owner": "alice"})
    alice.sync()
    assert not ticket_store.is_gone(alice.db, visit.id)
    outbox.set_fields(alice.db, visit.id, {"contact": "Front desk"})
    alice.sync()
    rows = [r for r in outbox.rows(alice.db) if r.ticket_ref == visit.id]
    assert [r.state for r in rows] == ["rejected", "rejected", "pending"]
    assert outbox.held_behind(outbox.rows(alice.db)) == {rows[2].seq: rows[0]}

    for row in rows[:2]:  # retried: the three go, in the order they were made
        outbox.retry(alice.db, row.seq)
    assert alice.sync().pushed == 3
    on_rt = server_ticket(rt, visit.id).fields
    assert (on_rt["parts_used"], on_rt["status"], on_rt["contact"]) == (
        "1 x fuser",
        "stalled",
        "Front desk",
    )


def test_helpdesk_down_local_work_continues(rt: RunningRT, alice: Technician) -> None:
    visit = open_visits(alice)[0]
    outbox.add_note(alice.db, visit.id, "Offline note.", author="alice")
    outbox.set_fields(alice.db, visit.id, {"status": "stalled"})

    report = alice.sync(url="http://127.0.0.1:9")  # nothing listens there
    assert report.offline and not report.rejected and report.pushed == 0
    local = ticket_store.get_visit(alice.db, visit.id)
    assert local is not None and local.status == "stalled" and local.pending_changes == 2
    assert any(e.body == "Offline note." for e in ticket_store.history(alice.db, visit.id))

    assert alice.sync().ok  # back online: everything goes, once
    assert len(comments_with(rt, visit.id, "Offline note.")) == 1
    assert server_ticket(rt, visit.id).fields["status"] == "stalled"
