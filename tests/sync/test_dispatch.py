"""Dispatch rules without a helpdesk: checks before writing, linked merge, assignments."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from sync import conflicts, dispatch, outbox
from sync.connectors.base import RemoteTicket, RemoteUser
from sync.dispatch import WorkingHours, check_assignment
from sync.merge import three_way
from sync.store import dispatch as board_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.database import schema_version
from sync.store.dispatch import DispatchTicket
from sync.store.schema import SCHEMA_VERSION
from tests.sync.older_replica import replica_before

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a Monday
HOURS = WorkingHours(time(8), time(18), frozenset(range(5)), UTC)


def at(day: int, hour: float) -> datetime:
    return datetime(2026, 11, 23 + day, int(hour), int(hour % 1 * 60), tzinfo=UTC)


def ticket(ticket_id: int = 1, **values: object) -> DispatchTicket:
    fields: dict[str, object] = {
        "id": ticket_id,
        "subject": "Wi-Fi drops",
        "status": "open",
        "priority": 50,
        "owner": None,
        "site": "Solent View Hotel",
        "due": None,
        "created": "2026-11-20T08:00:00Z",
        "visit_start": None,
        "visit_end": None,
        "pending_changes": 0,
        "open_conflicts": 0,
        "gone": None,
    }
    fields.update(values)
    return DispatchTicket(**fields)  # type: ignore[arg-type]


def booked(ticket_id: int, owner: str, start: datetime, end: datetime) -> DispatchTicket:
    return ticket(
        ticket_id, owner=owner, visit_start=dispatch.iso(start), visit_end=dispatch.iso(end)
    )


def kinds(warnings: list[dispatch.AssignmentWarning]) -> list[str]:
    return [w.kind for w in warnings]


def check(
    start: datetime,
    end: datetime,
    others: list[DispatchTicket] = (),  # type: ignore[assignment]
    subject: DispatchTicket | None = None,
    hours: WorkingHours = HOURS,
) -> list[dispatch.AssignmentWarning]:
    return check_assignment(
        subject or ticket(),
        owner="bob",
        start=start,
        end=end,
        others=list(others),
        hours=hours,
        now=NOW,
    )


def test_a_free_slot_in_working_hours_before_the_sla_raises_nothing() -> None:
    subject = ticket(due=dispatch.iso(at(1, 17)))
    assert check(at(1, 9), at(1, 10), [booked(2, "alice", at(1, 9), at(1, 10))], subject) == []


def test_same_window_is_double_booking_and_a_partial_one_an_overlap() -> None:
    others = [booked(2, "bob", at(1, 9), at(1, 10)), booked(3, "bob", at(1, 11), at(1, 12))]
    warnings = check(at(1, 9), at(1, 10), others)
    assert kinds(warnings) == ["double_booked"] and warnings[0].other_ticket == 2
    warnings = check(at(1, 9.5), at(1, 11.5), others)
    assert kinds(warnings) == ["overlap", "overlap"]
    assert "#2" in warnings[0].message and "#3" in warnings[1].message
    # Back to back is fine, and a ticket never clashes with itself.
    assert check(at(1, 10), at(1, 11), others) == []
    assert check(at(1, 9), at(1, 10), others, subject=others[0]) == []


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (at(1, 7.5), at(1, 9)),  # starts before 08:00
        (at(1, 17), at(1, 18.5)),  # ends after 18:00
        (at(5, 10), at(5, 11)),  # Saturday
        (at(1, 17), at(2, 9)),  # overnight
    ],
)
def test_outside_working_hours_is_warned(start: datetime, end: datetime) -> None:
    warnings = check(start, end)
    assert kinds(warnings) == ["outside_hours"]
    assert "08:00-18:00" in warnings[0].message


def test_working_hours_are_read_in_the_users_zone() -> None:
    berlin = WorkingHours(time(8), time(18), frozenset(range(5)), ZoneInfo("Europe/Berlin"))
    # 07:30 UTC is 08:30 in Berlin (winter, UTC+1): inside the day there.
    assert check(at(1, 7.5), at(1, 8.5), hours=berlin) == []
    assert kinds(check(at(1, 17), at(1, 17.5), hours=berlin)) == ["outside_hours"]


def test_sla_due_before_the_visit_is_warned() -> None:
    before = check(at(1, 9), at(1, 10), subject=ticket(due=dispatch.iso(at(0, 20))))
    assert kinds(before) == ["sla"] and "before the visit starts" in before[0].message
    during = check(at(1, 9), at(1, 10), subject=ticket(due=dispatch.iso(at(1, 9.5))))
    assert kinds(during) == ["sla"] and "before the visit ends" in during[0].message


def test_a_visit_in_the_past_is_warned() -> None:
    assert "past" in kinds(check(at(-1, 9), at(-1, 10)))


def test_working_hours_settings_are_validated() -> None:
    assert dispatch.parse_days("mon-fri") == frozenset(range(5))
    assert dispatch.parse_days("sat-mon") == frozenset({5, 6, 0})
    assert dispatch.parse_hours("07:30-16:00") == (time(7, 30), time(16))
    for bad in ("8-18", "18:00-08:00", "25:00-26:00"):
        with pytest.raises(outbox.InvalidChange):
            dispatch.parse_hours(bad)
    with pytest.raises(outbox.InvalidChange):
        dispatch.parse_days("weekdays")


# -- the linked merge -----------------------------------------------------------------------


BASE = {"owner": "alice", "visit_start": "S1", "visit_end": "E1", "status": "open"}


def test_two_moves_of_one_visit_conflict_as_a_whole_not_field_by_field() -> None:
    # Supervisor A moved the visit to another time (same technician); B gave
    # it to carol at the old time.  Field by field this would silently make
    # "carol at A's time"; linked, B's change is a conflict.
    theirs = {**BASE, "visit_start": "S2", "visit_end": "E2"}
    result = three_way(BASE, {"owner": "carol"}, theirs)
    assert not result.push
    assert result.conflicts == {"owner": ("alice", "carol", "alice")}
    assert set(result.because) == {"visit_start", "visit_end"}


def test_a_status_change_and_a_move_conflict_both_ways() -> None:
    resolved = {**BASE, "status": "resolved"}
    moved = three_way(BASE, {"visit_start": "S2", "visit_end": "E2"}, resolved)
    assert set(moved.conflicts) == {"visit_start", "visit_end"} and not moved.push
    assert moved.because == {"status": ("open", "resolved")}
    moved_there = {**BASE, "visit_start": "S2"}
    closed = three_way(BASE, {"status": "resolved"}, moved_there)
    assert set(closed.conflicts) == {"status"}


def test_unlinked_fields_still_merge_and_agreement_is_no_conflict() -> None:
    result = three_way({**BASE, "contact": "x"}, {"owner": "bob"}, {**BASE, "contact": "y"})
    assert result.push == {"owner": "bob"}
    same = three_way(BASE, {"owner": "bob", "visit_start": "S2"}, {**BASE, "owner": "bob"})
    assert same.push == {"visit_start": "S2"} and not same.conflicts


# -- the replica --------------------------------------------------------------------------------


def remote(ticket_id: int, **fields: str | None) -> RemoteTicket:
    values: dict[str, str | None] = {
        "subject": "Card payments failing",
        "status": "new",
        "priority": "75",
        "owner": None,
        "due": "2026-11-24T16:00:00Z",
        "site": "Café Lumière",
        "address": None,
        "contact": None,
        "visit_start": None,
        "visit_end": None,
        "parts_used": None,
    }
    values.update(fields)
    return RemoteTicket(
        id=ticket_id,
        etag="10",
        last_updated="2026-11-23T08:00:00Z",
        created="2026-11-20T08:00:00Z",
        queue="3",
        fields=values,
        requestors=[],
        time_worked=0,
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote(1))
        ticket_store.apply_remote_ticket(
            database,
            remote(
                2, owner="bob", visit_start="2026-11-24T09:00:00Z", visit_end="2026-11-24T10:00:00Z"
            ),
        )
        ticket_store.apply_remote_ticket(database, remote(3, status="resolved"))
        board_store.replace_technicians(
            database, [RemoteUser(0, "bob", "Bob Okafor", "bob@x"), RemoteUser(0, "carol", "", "")]
        )
    yield database
    database.close()


def test_the_board_lists_what_needs_dispatching_and_who_is_booked(
    db: sqlite_utils.Database,
) -> None:
    assert [t.id for t in board_store.to_dispatch(db)] == [1]
    booked_now = board_store.scheduled_between(db, "2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z")
    assert [(t.id, t.owner) for t in booked_now] == [(2, "bob")]
    assert [t.label for t in board_store.technicians(db)] == ["carol", "Bob Okafor"]


def test_an_assignment_is_one_outbox_row_with_owner_and_window(db: sqlite_utils.Database) -> None:
    start, end = at(1, 11), at(1, 12)
    assert dispatch.warnings_for(db, 1, owner="bob", start=start, end=end, now=NOW) == []
    dispatch.assign(db, 1, "bob", start, end)
    [row] = outbox.rows(db)
    assert row.payload["changes"] == {
        "owner": "bob",
        "visit_start": "2026-11-24T11:00:00Z",
        "visit_end": "2026-11-24T12:00:00Z",
    }
    # What the supervisor saw of the linked status is kept for the merge.
    assert row.base == {"owner": None, "visit_start": None, "visit_end": None, "status": "new"}
    assert [t.id for t in board_store.to_dispatch(db)] == []
    clash = dispatch.warnings_for(db, 2, owner="bob", start=at(1, 11.5), end=at(1, 12.5), now=NOW)
    assert kinds(clash) == ["overlap"]


def test_assignments_are_validated(db: sqlite_utils.Database) -> None:
    with pytest.raises(outbox.InvalidChange, match="not in the technicians group"):
        dispatch.assign(db, 1, "mallory", at(1, 9), at(1, 10))
    with pytest.raises(outbox.InvalidChange, match="end after it starts"):
        dispatch.assign(db, 1, "bob", at(1, 10), at(1, 9))
    with pytest.raises(outbox.InvalidChange, match="no ticket #99"):
        dispatch.assign(db, 99, "bob", at(1, 9), at(1, 10))
    assert outbox.rows(db) == []


def test_a_linked_conflict_is_settled_as_one_decision(db: sqlite_utils.Database) -> None:
    dispatch.assign(db, 1, "bob", at(1, 11), at(1, 12))
    [row] = outbox.rows(db)
    with transaction(db):
        for name, mine in row.payload["changes"].items():
            db.execute(
                "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, outbox_seq, created)"
                " VALUES (1, ?, NULL, ?, ?, ?, 'now')",
                [name, mine, "carol" if name == "owner" else "2026-11-25T09:00:00Z", row.seq],
            )
        db.execute("UPDATE outbox SET state = 'conflict' WHERE seq = ?", [row.seq])
    conflicts.resolve(db, 1, "owner", "mine")
    assert conflicts.open_conflicts(db) == []
    [again] = [r for r in outbox.rows(db) if r.state == "pending"]
    assert set(again.payload["changes"]) == {"owner", "visit_start", "visit_end"}
    base = json.loads(db.execute("SELECT base FROM tickets WHERE id = 1").fetchone()[0])
    assert base["owner"] == "carol"  # their value is the new merge base


def test_supervisor_role_is_a_setting(db: sqlite_utils.Database) -> None:
    class Helpdesk:
        def __init__(self, group: int | None) -> None:
            self.group = group

        def technicians_group_id(self) -> int | None:
            return self.group

        def group_member_names(self, group_id: int) -> list[str] | None:
            return ["bob", "dave"] if self.group == group_id else None

        def users(self, names: list[str]) -> list[RemoteUser]:
            return [RemoteUser(0, n, n.title(), f"{n}@x") for n in names]

    assert not dispatch.is_supervisor(db)
    assert dispatch.detect_role(db, Helpdesk(27)) and dispatch.is_supervisor(db)
    assert dispatch.pull_team(db, Helpdesk(27)) == 2  # names changed: details fetched
    assert [t.name for t in board_store.technicians(db)] == ["bob", "dave"]
    assert dispatch.pull_team(db, Helpdesk(27)) == 1  # unchanged: one request
    dispatch.pull_team(db, Helpdesk(None))  # lost sight of the group
    assert not dispatch.is_supervisor(db)


def test_upgrade_from_the_previous_schema_adds_the_technicians(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # The version just before the dispatch migration (wherever it lands in the list).
    with replica_before(path, "TABLE technicians") as old, transaction(old):
        ticket_store.apply_remote_ticket(old, remote(1))

    upgraded = open_database(path)
    assert schema_version(upgraded) == SCHEMA_VERSION
    assert [t.id for t in board_store.to_dispatch(upgraded)] == [1]
    with transaction(upgraded):
        board_store.replace_technicians(upgraded, [RemoteUser(0, "bob", "Bob", "")])
    assert [t.name for t in board_store.technicians(upgraded)] == ["bob"]
    upgraded.close()


def test_the_first_free_slot_skips_closed_hours_and_the_technicians_visits() -> None:
    busy = [booked(2, "bob", at(1, 8), at(1, 10)), booked(3, "carol", at(1, 10), at(1, 12))]
    # From Monday 17:00: the day ends at 18:00, Tuesday morning bob is out until 10:00.
    slot = dispatch.first_free_slot(
        "bob", timedelta(hours=1.5), busy, HOURS, after=at(0, 17), end_by=at(3, 0)
    )
    assert slot == dispatch.Proposal("bob", at(1, 10), at(1, 11.5))


def test_no_slot_when_the_due_time_comes_first() -> None:
    slot = dispatch.first_free_slot(
        "bob", timedelta(hours=2), [], HOURS, after=at(0, 17), end_by=at(1, 9)
    )
    assert slot is None


def test_the_slot_meeting_the_sla_is_anyones_earliest(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    with transaction(db):
        board_store.replace_technicians(
            db, [RemoteUser(2, "bob", "Bob", ""), RemoteUser(3, "carol", "Carol", "")]
        )
    dispatch.set_working_hours(db, "08:00-18:00", "mon-fri")
    due = dispatch.iso(at(1, 12))
    for number, owner, start, end in ((1, None, None, None), (2, "bob", at(1, 8), at(1, 12))):
        with transaction(db):
            ticket_store.apply_remote_ticket(
                db,
                RemoteTicket(
                    number, "1", "2026-11-20T08:00:00Z", "2026-11-20T08:00:00Z", "3",
                    {"subject": "x", "status": "new", "owner": owner, "due": due,
                     "visit_start": start and dispatch.iso(start),
                     "visit_end": end and dispatch.iso(end)},
                    [], 0,
                ),
            )  # fmt: skip
    found = dispatch.slot_meeting_sla(db, 1, prefer="bob", length=timedelta(hours=1), now=at(0, 18))
    assert found == dispatch.Proposal("carol", at(1, 8), at(1, 9))  # bob is busy until 12:00
    db.close()
