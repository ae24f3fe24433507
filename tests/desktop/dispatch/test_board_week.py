"""The board's week over a sample replica (no helpdesk): what a supervisor sees first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.dispatch import DispatchBoard
from desktop.dispatch.assign_dialog import AssignDialog
from desktop.dispatch.queue import AGE, PRIORITY, SLA
from desktop.dispatch.timeline_paint import HEADER_HEIGHT, NAME_WIDTH, narrow_texts, short_site
from desktop.shell.main_window import MainWindow
from sync import dispatch
from sync.profile import Profile
from sync.store import dispatch as board_store
from sync.store import open_database
from tests.desktop.dispatch.sample_board import FIRST_ID, seed_board


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "replica.db")
    seed_board(database)
    yield database
    database.close()


def make_board(db: sqlite_utils.Database, qtbot: QtBot, width: int) -> DispatchBoard:
    board = DispatchBoard(db, MessageBridge())
    qtbot.addWidget(board)
    board.resize(width, 640)
    board.show()
    qtbot.waitExposed(board)
    return board


def colours(image: QImage, area: QRect) -> set[int]:
    xs, ys = range(area.left(), area.right()), range(area.top(), area.bottom())
    return {image.pixel(x, y) for x in xs for y in ys}


def test_the_week_opens_at_today_and_today_brings_it_back(
    db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    board = make_board(db, qtbot, 1000)
    bar = board.schedule_scroll.horizontalScrollBar()
    assert bar.maximum() > 0, "a week at 30 px an hour is wider than this board: it scrolls"
    today = datetime.now(board.timeline.zone).date()
    at_today = int(board.timeline.day_left(board.timeline.days.index(today))) - NAME_WIDTH
    qtbot.waitUntil(lambda: bar.value() == min(at_today, bar.maximum()))
    bar.setValue(bar.maximum() if bar.value() == 0 else 0)
    board.today_action.trigger()
    qtbot.waitUntil(lambda: bar.value() == min(at_today, bar.maximum()))


@pytest.fixture
def booked_from_wednesday(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """The sample booked from this week's Wednesday: "today" is a working day's column (a
    day off's is narrower, and on a Saturday "today" is one)."""
    now = datetime.now(UTC)
    database = open_database(tmp_path / "wednesday.db")
    seed_board(database, now - timedelta(days=now.weekday() - 2))
    yield database
    database.close()


def test_narrow_blocks_show_their_number_and_a_short_site(
    booked_from_wednesday: sqlite_utils.Database, qtbot: QtBot
) -> None:
    board = make_board(booked_from_wednesday, qtbot, 1000)
    first = next(b for b in board.timeline.blocks() if b.ticket.id == FIRST_ID)
    assert first.rect.width() < 90  # 1.5 h of a week
    number, site = narrow_texts(board.timeline, first)
    assert number == f"#{FIRST_ID}"
    assert site.rstrip("…") and "Elmgrove".startswith(site.rstrip("…"))
    assert short_site("St Anne's Primary School") == "St Anne's"
    assert short_site("The Harbour View Hotel") == "Harbour"


def test_a_block_just_assigned_shows_its_number(db: sqlite_utils.Database, qtbot: QtBot) -> None:
    board = make_board(db, qtbot, 1000)
    waiting = board_store.to_dispatch(db)[0]
    hours = dispatch.working_hours(db)
    # in the week shown, whatever day the test runs (a Sunday too), on a working day: a
    # day off's narrow column has no room for a number, and a cut one would mislead
    day = [d for d in board.days() if d.weekday() in hours.days][-1]
    start = datetime.combine(day, time(16), hours.zone).astimezone(UTC)
    board._write(waiting.id, "carol", start, start + timedelta(hours=1))  # as a drop does
    [block] = [b for b in board.timeline.blocks() if b.ticket.id == waiting.id]
    assert block.ticket.pending_changes  # drawn dashed: not sent yet
    number, _site = narrow_texts(board.timeline, block)
    assert number.startswith(f"#{waiting.id}") or number.startswith(str(waiting.id))


def test_outside_working_hours_is_shaded_as_the_legend_shows(
    db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    dispatch.set_working_hours(db, "08:00-18:00", "mon-fri")
    board = make_board(db, qtbot, 1400)
    board.refresh()
    timeline = board.timeline
    saturday = next(i for i, d in enumerate(timeline.days) if d.weekday() == 5)
    board.schedule_scroll.horizontalScrollBar().setValue(
        board.schedule_scroll.horizontalScrollBar().maximum()
    )
    qtbot.wait(10)
    picture = timeline.grab().toImage()
    left = int(timeline.day_left(saturday)) + 4
    weekend = QRect(left, HEADER_HEIGHT + 4, 40, 24)
    sample = board.legend_shading.grab().toImage()
    inside = QRect(2, 2, sample.width() - 4, sample.height() - 4)
    drawn = colours(picture, weekend)
    assert colours(sample, inside) <= drawn, "the weekend is shaded as the legend's sample"
    assert len(colours(sample, inside)) >= 2  # tint and hatching: visible, not a hint of grey


def test_priority_and_sla_stay_in_sight_at_1024(tmp_path: Path, qtbot: QtBot) -> None:
    profile = Profile(tmp_path / "supervisor").ensure()
    seeded = open_database(profile.database_path)
    seed_board(seeded)
    seeded.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    assert window.current_page() == "dispatch"
    queue = window.board.queue if window.board else None
    assert queue is not None
    for column in (PRIORITY, SLA):
        assert not queue.isColumnHidden(column)
        right = queue.columnViewportPosition(column) + queue.columnWidth(column)
        assert queue.columnViewportPosition(column) >= 0 and right <= queue.viewport().width()
    assert queue.horizontalScrollBar().maximum() == 0  # Age gives way rather than scroll
    queue.resize(queue.minimumSizeHint().width(), queue.height())  # the splitter's least
    assert queue.isColumnHidden(AGE)
    assert not queue.isColumnHidden(PRIORITY) and not queue.isColumnHidden(SLA)
    shown = {queue.model().index(row, PRIORITY).data() for row in range(queue.model().rowCount())}
    assert shown and shown <= {
        "Low",
        "Normal",
        "High",
        "Urgent",
    }  # the contract's words, as on a visit


def propose_dialog(qtbot: QtBot, proposal: dispatch.Proposal | None) -> AssignDialog:
    zone = UTC
    ticket = board_store.DispatchTicket(
        5, "Till down", "new", 90, None, "Riverside Bakery", "2026-11-24T12:00:00Z",
        "2026-11-23T08:00:00Z", None, None, 0, 0, None,
    )  # fmt: skip
    people = [
        board_store.Technician("bob", "Bob Brennan", ""),
        board_store.Technician("carol", "Carol Chen", ""),
    ]
    sla = dispatch.AssignmentWarning("sla", "the SLA is due Tue 24 Nov 12:00")

    def check(_who: str, _start: datetime, end: datetime) -> list[dispatch.AssignmentWarning]:
        return [sla] if end > datetime(2026, 11, 24, 12, tzinfo=UTC) else []

    start = datetime(2026, 11, 25, 9, tzinfo=UTC)
    dialog = AssignDialog(
        ticket, people, owner="bob", start=start, end=start + timedelta(hours=1), zone=zone,
        check=check, propose=lambda _who, _length: proposal,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    return dialog


def test_when_the_sla_cannot_be_met_the_dialog_proposes_a_slot_that_meets_it(
    qtbot: QtBot,
) -> None:
    slot = dispatch.Proposal(
        "carol", datetime(2026, 11, 24, 9, tzinfo=UTC), datetime(2026, 11, 24, 10, tzinfo=UTC)
    )
    dialog = propose_dialog(qtbot, slot)
    dialog.show()
    assert "the SLA is due" in dialog.warnings.text()
    assert dialog.proposal_text.text() == (
        "First slot that meets the SLA: Carol Chen, Tue 24 Nov 09:00–10:00"
    )
    qtbot.mouseClick(dialog.use_proposal, Qt.MouseButton.LeftButton)
    assert dialog.owner() == "carol"
    assert dialog.visit_window() == (slot.start, slot.end)
    assert "No clashes" in dialog.warnings.text()  # checked again: it meets the SLA
    assert dialog.ok.text() == "&Assign"
    assert not dialog.use_proposal.isVisible()


def test_when_no_slot_meets_the_sla_the_dialog_says_so(qtbot: QtBot) -> None:
    dialog = propose_dialog(qtbot, None)
    dialog.show()
    assert "No technician has a free slot" in dialog.proposal_text.text()
    assert not dialog.use_proposal.isVisible()


def test_sorting_by_age_puts_the_youngest_first(db: sqlite_utils.Database, qtbot: QtBot) -> None:
    board = make_board(db, qtbot, 1400)
    board.queue.sortByColumn(AGE, Qt.SortOrder.AscendingOrder)
    ages = [board.proxy.index(row, AGE).data() for row in range(board.proxy.rowCount())]
    assert ages == ["6h", "20h", "30h", "2d", "5d", "16d"]
