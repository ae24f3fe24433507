"""The dispatch board over a supervisor's replica filled by a real sync from the private RT."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QTimeEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.common.messages import Message, MessageBridge
from desktop.dispatch import DispatchBoard
from desktop.dispatch.mime import DraggedTicket, to_mime
from desktop.dispatch.models import QueueModel, window_minutes
from devrt.instance import RunningRT
from sync import dispatch, outbox
from sync.profile import Profile
from sync.session import Session
from sync.stamps import parse_stamp
from sync.store import dispatch as board_store
from tests.desktop.dispatch.drag_drop import drag_from_queue, drop, queue_index
from tests.integration.dispatch_helpers import copy_profile, synced_template, tomorrow_at

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def template(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return synced_template(rt, "supervisor", tmp_path_factory.mktemp("board"))


@pytest.fixture
def session(template: Profile, rt: RunningRT, tmp_path: Path) -> Iterator[Session]:
    desk = Session(copy_profile(template, tmp_path / "desk", rt, "supervisor"))
    # Every day a working day, so "tomorrow" is never a weekend whatever today is.
    dispatch.set_working_hours(desk.db, "08:00-18:00", "mon-sun")
    yield desk
    desk.close()


@pytest.fixture
def said() -> list[Message]:
    return []


@pytest.fixture
def board(session: Session, qtbot: QtBot, said: list[Message]) -> DispatchBoard:
    messages = MessageBridge()
    messages.shown.connect(said.append)
    messages.listen()
    widget = DispatchBoard(session.db, messages)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitExposed(widget)
    widget.anchor = tomorrow_at(12).astimezone(dispatch.zone_of(session.db)).date()
    widget.set_view("day")  # tomorrow, hour by hour
    return widget


def free_slot(session: Session, ticket_id: int, hours: float = 1) -> tuple[str, datetime]:
    """A technician and a time tomorrow with no warning at all for ticket_id."""
    for technician in board_store.technicians(session.db):
        for hour in range(9, 17):
            start = tomorrow_at(hour)
            end = start + timedelta(hours=hours)
            found = dispatch.warnings_for(
                session.db, ticket_id, owner=technician.name, start=start, end=end
            )
            if not found:
                return technician.name, start
    raise AssertionError("no free slot tomorrow")


def latest_due(session: Session) -> board_store.DispatchTicket:
    """The ticket whose SLA leaves the most room (no SLA warning for tomorrow)."""
    return max(board_store.to_dispatch(session.db), key=lambda t: t.due or "")


def test_queue_model_passes_qt_model_tester(session: Session, qtmodeltester: ModelTester) -> None:
    model = QueueModel()
    model.set_tickets(board_store.to_dispatch(session.db))
    qtmodeltester.check(model)


def test_drag_a_ticket_onto_a_free_slot_assigns_and_schedules_it(
    board: DispatchBoard, session: Session, qtbot: QtBot, said: list[Message]
) -> None:
    ticket = latest_due(session)
    technician, start = free_slot(session, ticket.id)
    mime = drag_from_queue(board, ticket.id)
    with qtbot.waitSignal(board.changed):
        drop(board.timeline, board.timeline.point_of(technician, start), mime)

    assert board.dialog is None, "no warning, so nothing to confirm"
    [row] = outbox.rows(session.db)
    assert row.payload["changes"] == {
        "owner": technician,
        "visit_start": dispatch.iso(start),
        "visit_end": dispatch.iso(start + timedelta(hours=1)),
    }
    with pytest.raises(AssertionError):
        queue_index(board, ticket.id)  # it left the queue...
    [block] = [b for b in board.timeline.blocks() if b.ticket.id == ticket.id]
    assert board.timeline.rows[block.row].name == technician  # ...and is on their day
    assert block.ticket.pending_changes == 1  # drawn as not sent yet
    assert "next sync" in said[-1].text


def test_a_drop_that_double_books_shows_the_warning_first(
    board: DispatchBoard, session: Session, qtbot: QtBot
) -> None:
    busy = next(
        b.ticket for b in board.timeline.blocks() if b.ticket.visit_start and b.ticket.owner
    )
    assert busy.owner and busy.visit_start
    ticket = latest_due(session)
    target = board.timeline.point_of(busy.owner, parse_stamp(busy.visit_start))
    drop(board.timeline, target, drag_from_queue(board, ticket.id))

    dialog = board.dialog
    assert dialog is not None and dialog.isVisible()
    assert f"#{busy.id}" in dialog.warnings.text()
    assert "anyway" in dialog.ok.text().lower()
    assert outbox.rows(session.db) == [], "nothing written before the supervisor decides"
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert outbox.rows(session.db) == []

    drop(board.timeline, target, drag_from_queue(board, ticket.id))
    assert board.dialog is not None
    with qtbot.waitSignal(board.changed):
        qtbot.mouseClick(board.dialog.ok, Qt.MouseButton.LeftButton)  # "Assign anyway"
    [row] = outbox.rows(session.db)
    assert row.payload["changes"]["owner"] == busy.owner


def test_keyboard_assignment_with_the_dialog(
    board: DispatchBoard, session: Session, qtbot: QtBot
) -> None:
    ticket = latest_due(session)
    technician, start = free_slot(session, ticket.id, hours=2)
    board.queue.setFocus()
    board.queue.selectRow(queue_index(board, ticket.id))
    qtbot.keyClick(board.queue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = board.dialog
    assert dialog is not None and dialog.isVisible()

    # The user picks the technician and the times with the keyboard.
    dialog.technician.setFocus()
    names = [dialog.technician.itemData(i) for i in range(dialog.technician.count())]
    for _ in range(len(names)):  # Home, then Down until it is the one wanted
        if dialog.owner() == technician:
            break
        qtbot.keyClick(dialog.technician, Qt.Key.Key_Down)
    assert dialog.owner() == technician
    local = start.astimezone(dialog.zone)
    dialog.day.setDate(local.date())
    for edit, moment in ((dialog.start, local), (dialog.end, local + timedelta(hours=2))):
        edit.setFocus()
        edit.setCurrentSection(QTimeEdit.Section.HourSection)
        steps = moment.hour - edit.time().hour()
        for _ in range(abs(steps)):  # the arrow keys step the hour
            qtbot.keyClick(edit, Qt.Key.Key_Up if steps > 0 else Qt.Key.Key_Down)
        assert edit.time().minute() == moment.minute == 0
    assert dialog.visit_window() == (start, start + timedelta(hours=2))
    assert "No clashes" in dialog.warnings.text()
    with qtbot.waitSignal(board.changed):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    [row] = outbox.rows(session.db)
    assert row.payload["changes"]["owner"] == technician
    assert row.payload["changes"]["visit_end"] == dispatch.iso(start + timedelta(hours=2))


def test_dialog_warns_as_the_fields_change(board: DispatchBoard, session: Session) -> None:
    ticket = latest_due(session)
    board.queue.selectRow(queue_index(board, ticket.id))
    board.assign_action.trigger()
    dialog = board.dialog
    assert dialog is not None
    dialog.start.setTime(dialog.start.time().fromString("06:30", "HH:mm"))
    assert "outside working hours" in dialog.warnings.text()
    dialog.day.setDate(dialog.day.date().addDays(30))
    assert "SLA is due" in dialog.warnings.text()
    dialog.reject()
    assert outbox.rows(session.db) == []


def test_drag_a_visit_to_another_technician_then_back_to_the_queue(
    board: DispatchBoard, session: Session, qtbot: QtBot
) -> None:
    technicians = [t.name for t in board_store.technicians(session.db)]
    visit, other = None, ""
    for block in board.timeline.blocks():  # a visit another technician is free for
        start = parse_stamp(block.ticket.visit_start or "")
        end = parse_stamp(block.ticket.visit_end or "")
        free = [
            name
            for name in technicians
            if name != block.ticket.owner
            and not {"overlap", "double_booked"}
            & {
                w.kind
                for w in dispatch.warnings_for(
                    session.db, block.ticket.id, owner=name, start=start, end=end
                )
            }
        ]
        if free:
            visit, other = block.ticket, free[0]
            break
    assert visit is not None and visit.visit_start, "the sample data has such a visit"
    start = parse_stamp(visit.visit_start)
    moved = DraggedTicket(visit.id, window_minutes(visit), 0, from_board=True)
    drop(board.timeline, board.timeline.point_of(other, start), to_mime(moved))
    if board.dialog is not None:  # an SLA or the clock may warn: the supervisor goes ahead
        with qtbot.waitSignal(board.changed):
            qtbot.mouseClick(board.dialog.ok, Qt.MouseButton.LeftButton)
    [row] = outbox.rows(session.db)
    assert row.payload["changes"] == {"owner": other}, "same window, new technician"

    with qtbot.waitSignal(board.changed):
        drop(board.queue.viewport(), QPoint(20, 20), to_mime(moved))
    assert queue_index(board, visit.id) >= 0, "back in the queue"
    local = board_store.get_ticket(session.db, visit.id)
    assert local is not None and local.owner is None and local.visit_start is None


def test_day_and_week_views_and_moving_through_time(board: DispatchBoard, qtbot: QtBot) -> None:
    assert len(board.timeline.days) == 1
    day = board.timeline.days[0]
    qtbot.keyClick(board.queue, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert board.timeline.days == [day + timedelta(days=1)]
    qtbot.keyClick(board.queue, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert len(board.timeline.days) == 7 and board.week_action.isChecked()
    assert board.timeline.days[0].weekday() == 0
    assert not board.day_action.isChecked()
    board.today_action.trigger()
    assert datetime.now(dispatch.zone_of(board.db)).date() in board.timeline.days


def test_keyboard_picks_a_visit_on_the_schedule(board: DispatchBoard, qtbot: QtBot) -> None:
    board.timeline.setFocus()
    qtbot.keyClick(board.timeline, Qt.Key.Key_Right)
    first = board.timeline.selected_visit()
    assert first is not None
    assert f"#{first.id}" in board.timeline.accessibleDescription()
    qtbot.keyClick(board.timeline, Qt.Key.Key_Return)
    assert board.dialog is not None and board.dialog.ticket.id == first.id
    assert board.dialog.owner() == first.owner
    board.dialog.reject()
