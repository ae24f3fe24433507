"""Dispatch against the real private RT: what supervisors and technicians would notice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, dispatch, outbox
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store import dispatch as board_store
from sync.store import tickets as ticket_store
from tests.integration.dispatch_helpers import (
    copy_profile,
    synced_template,
    ticket_with_subject,
    tomorrow_at,
)
from tests.integration.helpers import Technician, connector, server_ticket

pytestmark = pytest.mark.rt

CARD_PAYMENTS = "Card payments failing at busy times"
WEAK_WIFI = "Weak Wi-Fi in rooms 214 and 216"
OUTLOOK = "Outlook slow and asking for shared mailbox password"
CHROMEBOOKS = "New Chromebooks cannot get an IP address"
GOODS_IN = "Goods-in network point dead after desk move"


@pytest.fixture(scope="module")
def supervisor_template(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return synced_template(rt, "supervisor", tmp_path_factory.mktemp("dispatch"))


@pytest.fixture
def desk(supervisor_template: Profile, rt: RunningRT, tmp_path: Path) -> Iterator[Session]:
    """A supervisor's replica (a fresh copy of the synced one)."""
    session = Session(copy_profile(supervisor_template, tmp_path / "desk", rt, "supervisor"))
    yield session
    session.close()


@pytest.fixture
def second_desk(supervisor_template: Profile, rt: RunningRT, tmp_path: Path) -> Iterator[Session]:
    """Another supervisor's replica of the same queue, synced at the same time."""
    session = Session(copy_profile(supervisor_template, tmp_path / "desk2", rt, "supervisor"))
    yield session
    session.close()


def technician(rt: RunningRT, user: str, tmp_path: Path) -> Technician:
    laptop = Technician(rt, user, tmp_path / "laptops")
    assert laptop.sync().ok
    return laptop


def test_sign_in_tells_supervisors_from_technicians(
    rt: RunningRT, desk: Session, tmp_path: Path
) -> None:
    assert dispatch.is_supervisor(desk.db)
    technician_profile = Profile(tmp_path / "alice").ensure()
    assert not sign_in(technician_profile, rt.url, "alice", rt.token("alice"), "token").supervisor
    alice = Session(technician_profile)
    try:
        assert not dispatch.is_supervisor(alice.db)
    finally:
        alice.close()
    # The supervisor's replica: the whole queue and the technicians group.
    waiting = {t.subject for t in board_store.to_dispatch(desk.db)}
    assert {CARD_PAYMENTS, WEAK_WIFI, OUTLOOK} <= waiting
    owners = {t.owner for t in board_store.scheduled_between(desk.db, "0000", "9999")}
    assert {"alice", "bob", "carol"} <= owners
    assert [t.name for t in board_store.technicians(desk.db)] == ["alice", "bob", "carol"]
    idle = desk.sync()
    assert idle.ok and idle.tickets_pulled == 0 and idle.requests <= 5


def test_a_profile_signed_in_without_the_dialog_learns_the_role_at_its_first_sync(
    rt: RunningRT, tmp_path: Path
) -> None:
    """As the demo once did: the account saved, no sign-in check, no role asked."""
    profile = copy_profile(Profile(tmp_path / "empty").ensure(), tmp_path / "sv", rt, "supervisor")
    session = Session(profile)
    try:
        assert not dispatch.role_known(session.db)
        assert session.sync().ok
        assert dispatch.is_supervisor(session.db)
        waiting = board_store.to_dispatch(session.db)
        assert CARD_PAYMENTS in {t.subject for t in waiting}  # the supervisor's scope at once
        # Tickets were opened before the demo: the board's Age reads RT's Created.
        opened = {t.created for t in waiting}
        hour_ago = dispatch.iso(datetime.now(UTC) - timedelta(hours=1))
        assert len(opened) > 1 and all(c and c < hour_ago for c in opened)
    finally:
        session.close()


def test_assignment_reaches_the_technician_then_a_reassignment_moves_it(
    rt: RunningRT, desk: Session, tmp_path: Path
) -> None:
    alice, bob = technician(rt, "alice", tmp_path), technician(rt, "bob", tmp_path)
    visit = ticket_with_subject(desk, CARD_PAYMENTS)
    start, end = tomorrow_at(10), tomorrow_at(11.5)
    dispatch.assign(desk.db, visit.id, "alice", start, end)
    report = desk.sync()
    assert report.ok and report.pushed == 1 and not report.rejected

    remote = server_ticket(rt, visit.id).fields
    assert (remote["owner"], remote["visit_start"], remote["visit_end"]) == (
        "alice",
        dispatch.iso(start),
        dispatch.iso(end),
    )
    assert alice.sync().ok
    arrived = ticket_store.get_visit(alice.db, visit.id)
    assert arrived is not None
    assert (arrived.visit_start, arrived.visit_end) == (dispatch.iso(start), dispatch.iso(end))

    # Alice writes a note she has not synced yet; meanwhile it goes to Bob.
    outbox.add_note(alice.db, visit.id, "Checked the Omada controller remotely.", author="alice")
    dispatch.assign(desk.db, visit.id, "bob", tomorrow_at(14), tomorrow_at(15))
    assert desk.sync().ok
    first = alice.sync()
    assert visit.id in first.kept_with_unsent_changes, "her unsent note is kept, not lost"
    kept = ticket_store.get_visit(alice.db, visit.id)
    assert kept is not None and kept.gone
    [note] = [r for r in outbox.rows(alice.db) if r.ticket_ref == visit.id]
    outbox.discard(alice.db, note.seq)  # she read why it failed and let it go
    assert alice.sync().tickets_removed == 1
    assert ticket_store.get_visit(alice.db, visit.id) is None
    assert bob.sync().ok
    moved = ticket_store.get_visit(bob.db, visit.id)
    assert moved is not None and moved.visit_start == dispatch.iso(tomorrow_at(14))


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_two_supervisors_moving_one_visit_end_in_one_conflict_for_the_second(
    rt: RunningRT, desk: Session, second_desk: Session, choice: str
) -> None:
    subject = WEAK_WIFI if choice == "mine" else OUTLOOK
    visit = ticket_with_subject(desk, subject)
    dispatch.assign(desk.db, visit.id, "bob", tomorrow_at(9), tomorrow_at(10))
    dispatch.assign(second_desk.db, visit.id, "carol", tomorrow_at(13), tomorrow_at(14))

    assert desk.sync().conflicts == 0  # the first to sync wins the race
    second = second_desk.sync()
    assert second.ok and second.conflicts == 3, "owner, start and end: one decision"
    found = conflicts.open_conflicts(second_desk.db, visit.id)
    assert {(c.field, c.mine, c.theirs) for c in found} == {
        ("owner", "carol", "bob"),
        ("visit_start", dispatch.iso(tomorrow_at(13)), dispatch.iso(tomorrow_at(9))),
        ("visit_end", dispatch.iso(tomorrow_at(14)), dispatch.iso(tomorrow_at(10))),
    }
    assert server_ticket(rt, visit.id).fields["owner"] == "bob", "nothing overwritten"

    conflicts.resolve(second_desk.db, visit.id, "visit_start", choice)  # type: ignore[arg-type]
    assert conflicts.open_conflicts(second_desk.db, visit.id) == [], "settled as a whole"
    assert second_desk.sync().ok
    winner = ("carol", 13) if choice == "mine" else ("bob", 9)
    for session in (desk, second_desk):
        session.sync()
        local = board_store.get_ticket(session.db, visit.id)
        assert local is not None
        assert (local.owner, local.visit_start) == (winner[0], dispatch.iso(tomorrow_at(winner[1])))
        assert local.pending_changes == 0 and local.open_conflicts == 0
    remote = server_ticket(rt, visit.id).fields
    assert (remote["owner"], remote["visit_start"]) == (
        winner[0],
        dispatch.iso(tomorrow_at(winner[1])),
    )


def test_a_status_change_while_the_visit_is_moved_is_a_conflict_for_whoever_syncs_second(
    rt: RunningRT, desk: Session, tmp_path: Path
) -> None:
    carol = technician(rt, "carol", tmp_path)
    mine = [v for v in ticket_store.list_visits(carol.db) if v.status in ("new", "open")]
    first, second = mine[0], mine[1]

    # Carol resolves a visit and syncs; the supervisor, not synced, moves it.
    outbox.set_fields(carol.db, first.id, {"status": "resolved"})
    assert carol.sync().ok
    dispatch.assign(desk.db, first.id, "carol", tomorrow_at(15, days=2), tomorrow_at(16, days=2))
    report = desk.sync()
    assert report.conflicts == 2
    [row] = [r for r in outbox.rows(desk.db) if r.ticket_ref == first.id]
    assert row.state == "conflict" and "Status: open → resolved" in (row.last_error or "")
    assert server_ticket(rt, first.id).fields["visit_start"] == first.visit_start

    # The supervisor moves another visit and syncs; Carol, offline, puts it on hold.
    desk_visit = board_store.get_ticket(desk.db, second.id)
    assert desk_visit is not None and desk_visit.owner == "carol"
    dispatch.assign(desk.db, second.id, "carol", tomorrow_at(8, days=3), tomorrow_at(9, days=3))
    assert desk.sync().ok
    outbox.set_fields(carol.db, second.id, {"status": "stalled"})
    report = carol.sync()
    assert report.conflicts == 1
    [found] = conflicts.open_conflicts(carol.db, second.id)
    assert (found.field, found.mine, found.theirs) == ("status", "stalled", second.status)
    assert server_ticket(rt, second.id).fields["status"] == second.status


def test_an_owner_rt_refuses_is_rejected_not_lost(rt: RunningRT, desk: Session) -> None:
    visit = ticket_with_subject(desk, GOODS_IN)
    # Past FieldDesk's own check (the technicians list): RT still says no.
    outbox.set_fields(desk.db, visit.id, {"owner": "reception@acme-dental.example"})
    report = desk.sync()
    assert report.rejected and "may not own" in report.rejected[0]
    assert server_ticket(rt, visit.id).fields["owner"] is None


def test_unassigning_leaves_the_window_empty_on_rt_not_1970(rt: RunningRT, desk: Session) -> None:
    assert desk.sync().ok  # the other tests here may have moved it on RT meanwhile
    visit = ticket_with_subject(desk, WEAK_WIFI)
    dispatch.assign(desk.db, visit.id, "carol", tomorrow_at(9), tomorrow_at(10))
    assert desk.sync().ok
    assert server_ticket(rt, visit.id).fields["owner"] == "carol"
    dispatch.unassign(desk.db, visit.id)
    assert desk.sync().ok
    raw = connector(rt, "supervisor").http.get(f"ticket/{visit.id}").body
    window = {
        cf["name"]: cf["values"]
        for cf in raw["CustomFields"]
        if cf["name"] in ("Visit Start", "Visit End")
    }
    assert window == {"Visit Start": [], "Visit End": []}, "as a ticket never booked"
    assert raw["Owner"]["id"] == "Nobody"
