"""What the command line writes and lists for a supervisor's visits, without a helpdesk.

- ``dispatch list`` showed a visit in conflict as "[unsent]" under the supervisor's own
  choice, as if settled, and no status; a two-day visit read as one ("08:00-17:00").
- ``dispatch assign --start "2027-03-28 02:30"`` in Berlin (a time the clocks skip) was
  saved as 03:30, half the visit, unsaid.
- ``set ID visit_start`` took a start after the visit's end (alice's "16:00-15:00").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlite_utils

from sync import dispatch, outbox
from sync.profile import Profile
from sync.stamps import parse_stamp
from sync.store import dispatch as board_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import InvalidChange, mark_conflict, now_iso
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.desktop.dispatch.sample_board import ZONE, seed_board
from tests.sync.test_store import remote_ticket

TWO_DAYS = 200  # bob's, stalled, today 08:00 to tomorrow 17:00 (the board's zone)


@pytest.fixture
def board(profile: Profile, memory_keyring: object) -> list[int]:
    """A supervisor's replica; returns the tickets waiting to be dispatched."""
    db = open_database(profile.database_path)
    waiting = seed_board(db)
    today = datetime.now(UTC).astimezone(dispatch.zone_of(db)).date()
    start = datetime.combine(today, time(8), dispatch.zone_of(db))
    end = datetime.combine(today + timedelta(days=1), time(17), dispatch.zone_of(db))
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db,
            remote_ticket(
                TWO_DAYS, subject="Office move", status="stalled", owner="bob", site="HQ",
                visit_start=dispatch.iso(start), visit_end=dispatch.iso(end),
            ),
        )  # fmt: skip
    db.close()
    return waiting


def the_line(out: str, ticket_id: int) -> str:
    return next(line for line in out.splitlines() if f"#{ticket_id} " in line)


def test_a_visit_in_conflict_is_listed_so_with_its_status_and_both_days(
    profile: Profile, board: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    try:  # given to carol offline; the helpdesk meanwhile held it otherwise: a conflict
        start, end = parse_window(db, TWO_DAYS)
        dispatch.assign(db, TWO_DAYS, "carol", start, end)
        [row] = outbox.rows(db)
        with transaction(db):
            db.execute(
                "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, outbox_seq, created)"
                " VALUES (?, 'owner', 'bob', 'carol', 'alice', ?, ?)",
                [TWO_DAYS, row.seq, now_iso()],
            )
            mark_conflict(db, row.seq, "changed on the helpdesk too: Owner")
    finally:
        db.close()
    code, out, _ = run(capsys, profile.root, "dispatch", "list")
    assert code == 0
    line = the_line(out, TWO_DAYS)
    assert "[conflict: see fielddesk conflicts]" in line
    assert "[unsent]" not in line, "not merely waiting to be sent: the helpdesk refused it"
    assert " stalled " in line
    first, last = (moment.astimezone(ZoneInfo(ZONE)) for moment in (start, end))
    assert f"{first:%a %d %b} 08:00-{last:%a %d %b} 17:00" in line


def test_a_change_not_sent_yet_is_still_listed_as_unsent(
    profile: Profile, board: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    try:
        start, end = parse_window(db, TWO_DAYS)
        dispatch.assign(db, TWO_DAYS, "carol", start, end)
    finally:
        db.close()
    line = the_line(run(capsys, profile.root, "dispatch", "list")[1], TWO_DAYS)
    assert line.endswith(" [unsent]") and " stalled " in line


def test_assign_refuses_a_time_the_clocks_skip_and_names_the_gap(
    profile: Profile, board: list[int], capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    set_setting(db, dispatch.ZONE_SETTING, "Europe/Berlin")
    db.close()
    code, _, err = run(
        capsys, profile.root, "dispatch", "assign", str(board[0]), "carol",
        "--start", "2027-03-28 02:30", "--end", "04:00", "--force",
    )  # fmt: skip
    assert code == 1
    assert "Sun 28 Mar 2027 02:30 does not exist in Europe/Berlin" in err
    assert "from 02:00 to 03:00" in err
    assert "Nothing waiting" in run(capsys, profile.root, "outbox")[1]


def test_set_refuses_a_visit_start_after_its_end(
    profile: Profile,
    memory_keyring: object,
    capsys: pytest.CaptureFixture[str],
    laptop_in: Callable[[str], None],
) -> None:
    laptop_in("UTC")  # typed and shown times are the laptop's, whatever the machine's zone
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db,
            remote_ticket(36, visit_start="2026-12-07T14:00:00Z", visit_end="2026-12-07T15:00:00Z"),
        )
    db.close()
    code, _, err = run(capsys, profile.root, "set", "36", "visit_start", "2026-12-07 16:00")
    assert code == 1
    assert "start at Mon 07 Dec 16:00, at or after its end at Mon 07 Dec 15:00" in err
    assert "visit_end" in err  # what to change first
    code, _, err = run(capsys, profile.root, "set", "36", "visit_end", "2026-12-07 13:00")
    assert code == 1 and "visit_start" in err
    assert "Nothing waiting" in run(capsys, profile.root, "outbox")[1]

    # A later start with a later end is fine, one field at a time, end first.
    assert run(capsys, profile.root, "set", "36", "visit_end", "2026-12-07 17:00")[0] == 0
    assert run(capsys, profile.root, "set", "36", "visit_start", "2026-12-07 16:00")[0] == 0


def test_editing_a_waiting_change_cannot_put_the_start_after_the_end(
    profile: Profile, memory_keyring: object
) -> None:
    db = open_database(profile.database_path)
    try:
        with transaction(db):
            ticket_store.apply_remote_ticket(
                db,
                remote_ticket(
                    36, visit_start="2026-12-07T14:00:00Z", visit_end="2026-12-07T15:00:00Z"
                ),
            )
        outbox.set_fields(db, 36, {"visit_start": "2026-12-07 14:30"})
        [row] = outbox.rows(db)
        with pytest.raises(InvalidChange, match="at or after its end"):
            outbox.edit(db, row.seq, {"visit_start": "2026-12-07 16:00"})
        assert ticket_store.working_values(db, 36)["visit_start"] == "2026-12-07T14:30:00Z"
    finally:
        db.close()


def parse_window(db: sqlite_utils.Database, ticket_id: int) -> tuple[datetime, datetime]:
    ticket = board_store.get_ticket(db, ticket_id)
    assert ticket is not None and ticket.visit_start and ticket.visit_end
    return parse_stamp(ticket.visit_start), parse_stamp(ticket.visit_end)
