"""What the supervisor decides on is what gets written: the visit seen, the ticket chosen.

From a review: a technician's move that a sync brought in while the assign dialog
was open, or a drag was under way, was undone without a word; Assign opened the
visit selected before, not the ticket clicked again in the queue; a visit held by a
supervisor was handed to the first technician in the list; and "sent at the next
sync" was said of nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.common.messages import Message, MessageBridge
from desktop.dispatch import DispatchBoard
from desktop.dispatch.assign_dialog import AssignDialog
from desktop.dispatch.models import TICKET_ID_ROLE
from sync.connectors.base import RemoteTicket
from sync.stamps import parse_stamp
from sync.store import dispatch as board_store
from sync.store import open_database, transaction
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from tests.desktop.dispatch.drag_drop import drag_from_queue, drag_from_schedule, drop
from tests.desktop.dispatch.sample_board import FIRST_ID, seed_board

ALICES_VISIT = FIRST_ID  # alice's, today 09:00-10:30 (sample_board.BOOKED)


@pytest.fixture
def waiting(tmp_path: Path) -> Iterator[tuple[sqlite_utils.Database, list[int]]]:
    database = open_database(tmp_path / "replica.db")
    ids = seed_board(database)
    yield database, ids
    database.close()


@pytest.fixture
def db(waiting: tuple[sqlite_utils.Database, list[int]]) -> sqlite_utils.Database:
    return waiting[0]


@pytest.fixture
def said() -> list[Message]:
    return []


@pytest.fixture
def board(db: sqlite_utils.Database, qtbot: QtBot, said: list[Message]) -> DispatchBoard:
    messages = MessageBridge()
    messages.shown.connect(said.append)
    messages.listen()
    widget = DispatchBoard(db, messages)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pulled(db: sqlite_utils.Database, ticket_id: int, **fields: str | None) -> None:
    """What a sync does when the helpdesk has a newer version of the ticket."""
    ticket = board_store.get_ticket(db, ticket_id)
    assert ticket is not None
    current = {
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": str(ticket.priority),
        "owner": ticket.owner,
        "site": ticket.site,
        "due": ticket.due,
        "visit_start": ticket.visit_start,
        "visit_end": ticket.visit_end,
    }
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db,
            RemoteTicket(
                id=ticket_id,
                etag="2",
                last_updated=ticket.created or "",
                created=ticket.created or "",
                queue="3",
                fields={**current, **fields},
                requestors=[],
                time_worked=0,
            ),
        )


def assign_dialog_for_visit(board: DispatchBoard, ticket_id: int) -> AssignDialog:
    board.timeline.select(ticket_id)
    board.assign_action.trigger()
    assert board.dialog is not None
    return board.dialog


def press_assign(dialog: AssignDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def later(stamp: str | None, hours: int) -> str:
    assert stamp is not None
    return (parse_stamp(stamp) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_move_synced_in_while_the_dialog_was_open_is_not_undone(
    board: DispatchBoard, db: sqlite_utils.Database, said: list[Message]
) -> None:
    visit = board_store.get_ticket(db, ALICES_VISIT)
    assert visit is not None and visit.owner == "alice"
    dialog = assign_dialog_for_visit(board, ALICES_VISIT)
    # Meanwhile alice moved her visit a day on, and the supervisor's sync brought it.
    moved = {"visit_start": later(visit.visit_start, 24), "visit_end": later(visit.visit_end, 24)}
    pulled(db, ALICES_VISIT, **moved)
    dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
    press_assign(dialog)
    now = board_store.get_ticket(db, ALICES_VISIT)
    assert now is not None
    assert (now.owner, now.visit_start, now.visit_end) == ("alice", *moved.values())
    assert outbox_store.rows(db) == [], "nothing is sent that the supervisor did not see"
    assert "changed while you were deciding" in said[-1].text
    assert "Alice Archer" in said[-1].text


def test_a_dialog_over_an_unchanged_visit_still_assigns(
    board: DispatchBoard, db: sqlite_utils.Database, said: list[Message]
) -> None:
    dialog = assign_dialog_for_visit(board, ALICES_VISIT)
    pulled(db, ALICES_VISIT, status="open")  # a newer version, owner and window the same
    dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
    press_assign(dialog)
    now = board_store.get_ticket(db, ALICES_VISIT)
    assert now is not None and now.owner == "bob"
    assert said[-1].text.startswith(f"#{ALICES_VISIT} → Bob Brennan")


def test_assigning_a_visit_as_it_is_says_so(
    board: DispatchBoard, db: sqlite_utils.Database, said: list[Message]
) -> None:
    press_assign(assign_dialog_for_visit(board, ALICES_VISIT))
    assert said[-1].text == f"#{ALICES_VISIT} is already assigned so."
    assert outbox_store.rows(db) == []


def test_assign_opens_the_queue_ticket_clicked_last_even_if_it_was_selected(
    board: DispatchBoard, waiting: tuple[sqlite_utils.Database, list[int]], qtbot: QtBot
) -> None:
    first_waiting = waiting[1][0]
    index = next(
        board.proxy.index(r, 0)
        for r in range(board.proxy.rowCount())
        if board.proxy.index(r, 0).data(TICKET_ID_ROLE) == first_waiting
    )
    rect = board.queue.visualRect(index)
    QTest.mouseClick(board.queue.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    board.timeline.select(ALICES_VISIT)  # a visit clicked on the schedule
    assert not board.queue.selectionModel().hasSelection(), "one thing selected at a time"
    QTest.mouseClick(board.queue.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert board.timeline.selected is None
    board.assign_action.trigger()
    assert board.dialog is not None and board.dialog.ticket.id == first_waiting


def test_a_visit_held_outside_the_team_waits_for_a_technician_to_be_chosen(
    board: DispatchBoard, db: sqlite_utils.Database
) -> None:
    pulled(db, ALICES_VISIT, owner="supervisor")
    board.refresh()
    dialog = assign_dialog_for_visit(board, ALICES_VISIT)
    assert dialog.technician.currentText() == "supervisor (not a technician)"
    assert not dialog.ok.isEnabled(), "nobody is chosen for the supervisor"
    assert "choose a technician" in dialog.warnings.text()
    dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
    assert dialog.ok.isEnabled()


def test_an_end_before_the_start_is_said_to_be_the_next_day(board: DispatchBoard) -> None:
    dialog = assign_dialog_for_visit(board, ALICES_VISIT)
    dialog.end.setTime(dialog.start.time().addSecs(-3600))
    assert dialog.warnings.text().startswith("Ends the next day: an overnight visit.")
    start, end = dialog.visit_window()
    assert end - start == timedelta(hours=23)


def test_the_view_chosen_is_the_one_the_board_opens_with_next_time(
    board: DispatchBoard, db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    assert board.view == "week" and board.week_action.isChecked()
    board.day_action.trigger()
    again = DispatchBoard(db, MessageBridge())
    qtbot.addWidget(again)
    assert again.view == "day" and again.day_action.isChecked()
    assert len(again.timeline.days) == 1


def window_of(db: sqlite_utils.Database, ticket_id: int) -> tuple[str | None, ...]:
    visit = board_store.get_ticket(db, ticket_id)
    assert visit is not None
    return visit.owner, visit.visit_start, visit.visit_end


def held_by_the_middle(db: sqlite_utils.Database, ticket_id: int) -> datetime:
    """Where a block dragged from its middle lies under the pointer."""
    _owner, start, end = window_of(db, ticket_id)
    assert start is not None and end is not None
    return parse_stamp(start) + (parse_stamp(end) - parse_stamp(start)) / 2


def moved_a_day_on(db: sqlite_utils.Database, ticket_id: int) -> tuple[str | None, ...]:
    """A sync brings a technician's move of the visit to the next day: how it is now."""
    _owner, start, end = window_of(db, ticket_id)
    pulled(db, ticket_id, visit_start=later(start, 24), visit_end=later(end, 24))
    return window_of(db, ticket_id)


def test_a_visit_a_sync_moved_during_its_drag_is_not_put_back(
    board: DispatchBoard,
    db: sqlite_utils.Database,
    said: list[Message],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    to_carol = board.timeline.point_of("carol", held_by_the_middle(db, ALICES_VISIT))
    now: list[tuple[str | None, ...]] = []

    def sync_lands_then_drop(mime: QMimeData) -> None:
        now.append(moved_a_day_on(db, ALICES_VISIT))
        board.refresh()
        drop(board.timeline, to_carol, mime)

    drag_from_schedule(board, monkeypatch, ALICES_VISIT, sync_lands_then_drop)
    assert board.dialog is None, "nothing to decide: the visit is not the one dragged"
    assert window_of(db, ALICES_VISIT) == now[0], "alice's move stands"
    assert outbox_store.rows(db) == []
    assert "changed while you were deciding" in said[-1].text


def test_a_visit_dragged_to_another_technician_is_theirs(
    board: DispatchBoard, db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    _owner, start, end = window_of(db, ALICES_VISIT)
    to_carol = board.timeline.point_of("carol", held_by_the_middle(db, ALICES_VISIT))
    drag_from_schedule(
        board, monkeypatch, ALICES_VISIT, lambda mime: drop(board.timeline, to_carol, mime)
    )
    if board.dialog is not None:  # the clock may warn (a morning visit, run later on)
        press_assign(board.dialog)
    assert window_of(db, ALICES_VISIT) == ("carol", start, end)


def test_a_visit_a_sync_moved_during_its_drag_to_the_queue_stays_booked(
    board: DispatchBoard,
    db: sqlite_utils.Database,
    said: list[Message],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now: list[tuple[str | None, ...]] = []

    def sync_lands_then_drop(mime: QMimeData) -> None:
        now.append(moved_a_day_on(db, ALICES_VISIT))
        board.refresh()
        drop(board.queue.viewport(), QPoint(20, 20), mime)

    drag_from_schedule(board, monkeypatch, ALICES_VISIT, sync_lands_then_drop)
    assert window_of(db, ALICES_VISIT) == now[0], "not sent back to the queue unseen"
    assert outbox_store.rows(db) == []
    assert "changed while you were deciding" in said[-1].text


def test_a_queue_ticket_another_supervisor_booked_during_the_drag_is_not_taken_over(
    board: DispatchBoard,
    waiting: tuple[sqlite_utils.Database, list[int]],
    said: list[Message],
) -> None:
    db, ids = waiting
    _owner, start, end = window_of(db, ALICES_VISIT)
    mime = drag_from_queue(board, ids[0])
    # Meanwhile another supervisor gave it to bob, and a sync brought that.
    pulled(db, ids[0], owner="bob", visit_start=later(start, 48), visit_end=later(end, 48))
    board.refresh()
    drop(board.timeline, board.timeline.point_of("alice", parse_stamp(later(start, 4))), mime)
    assert board.dialog is None
    assert window_of(db, ids[0])[0] == "bob"
    assert outbox_store.rows(db) == []
    assert "changed while you were deciding" in said[-1].text
