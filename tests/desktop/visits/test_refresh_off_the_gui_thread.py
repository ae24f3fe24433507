"""The visit list re-reads the replica on a worker after a save or a sync, and keeps
the technician's place: the selected visit, and where the list was scrolled to."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtGui import QImage, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visits.model import SUBJECT, SYNC, VISIT_ID_ROLE, WHEN, WORK
from sync import outbox
from sync.store import tickets as ticket_store
from sync.store import timers as timer_store
from sync.store import transaction
from tests.desktop.visits.conftest import day
from tests.desktop.visits.helpers import record_reading_threads
from tests.sync.test_store import remote_ticket


@pytest.fixture
def reading_threads(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread each read of the visit list ran on, after the first fill."""
    return record_reading_threads(monkeypatch)


def refreshed(window: MainWindow, qtbot: QtBot, action: Callable[[], None]) -> None:
    with qtbot.waitSignal(window.visits.loaded, timeout=10_000):
        action()


def sync_badge(window: MainWindow, visit_id: int) -> str:
    model = window.visits.model
    row = model.row_of(visit_id)
    assert row is not None
    return str(model.index(row, SYNC).data())


def test_a_saved_note_shows_in_the_list_and_the_visit_stays_selected(
    window: MainWindow, qtbot: QtBot, reading_threads: list[str]
) -> None:
    assert window.visits.select(40)
    scrolled = window.visits.list.verticalScrollBar().value()
    assert scrolled > 0, "the list had to scroll to show visit 40"
    outbox.add_note(window.db, 40, "Replaced the fuser", author="alice", minutes=10)

    refreshed(window, qtbot, window.local_change_saved)

    assert "↑ 1" in sync_badge(window, 40)
    assert window.visits.selected_id == 40
    assert window.visits.model.visit_at(window.visits.list.currentIndex().row()).id == 40
    assert window.visits.list.verticalScrollBar().value() == scrolled  # no jump
    assert reading_threads and threading.main_thread().name not in reading_threads


def test_a_visit_arriving_with_a_sync_is_listed_and_the_selection_stays(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.visits.select(12)
    with transaction(window.db):  # what a sync writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(500, subject="New install", visit_start=day(3))
        )

    refreshed(window, qtbot, window.refresh)

    assert window.visits.model.row_of(500) is not None
    assert window.visits.selected_id == 12
    assert window.visits.model.visit_at(window.visits.list.currentIndex().row()).id == 12


def test_the_newest_refresh_wins(window: MainWindow, qtbot: QtBot) -> None:
    """Two refreshes in a row: the list ends on the second read, never the first."""
    outbox.add_note(window.db, 5, "First note", author="alice", minutes=5)
    window.refresh()
    outbox.add_note(window.db, 5, "Second note", author="alice", minutes=5)
    window.refresh()
    qtbot.waitUntil(lambda: "↑ 2" in sync_badge(window, 5), timeout=10_000)
    qtbot.wait(200)  # a late answer to the first refresh would show now
    assert "↑ 2" in sync_badge(window, 5)


def test_a_refresh_repaints_the_visit_that_changed_and_only_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The row with the new badge is repainted; the rest of the list is left as drawn."""
    assert window.visits.select(20)
    model = window.visits.model
    repainted: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, *_: repainted.append((top.row(), bottom.row())))
    outbox.add_note(window.db, 33, "Parts ordered", author="alice", minutes=5)

    refreshed(window, qtbot, window.local_change_saved)

    row = model.row_of(33)
    assert repainted == [(row, row)]
    assert "↑ 1" in sync_badge(window, 33)

    repainted.clear()
    refreshed(window, qtbot, window.refresh)  # nothing changed since
    assert repainted == []


def test_a_rescheduled_visit_moves_to_its_new_day_and_the_selection_follows_its_visit(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A sync moves visit 3 to a later day that has visits: the rows in between move up
    one, repainted in place (a reset would lay out every row again: 30 ms at 10 000
    visits), and the selected visit stays selected in its new row."""
    model = window.visits.model
    assert window.visits.select(40)  # between visit 3's old day and its new one
    row_before = model.row_of(40)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with transaction(window.db):  # what a sync that reschedules writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(3, subject="Visit 3", visit_start=day(20))
        )

    refreshed(window, qtbot, window.refresh)

    def heading_above(row: int) -> int:
        return max(h for h in model.heading_rows() if h < row)

    moved = model.row_of(3)
    assert moved is not None and heading_above(moved) == heading_above(model.row_of(20) or 0)
    assert model.row_of(40) == (row_before or 0) - 1
    assert window.visits.selected_id == 40
    assert model.visit_at(window.visits.list.currentIndex().row()).id == 40
    assert resets == []


def test_the_list_says_what_changed_after_a_refresh_and_keeps_what_did_not(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A refresh shows a visit's new subject and a timer started on another at once,
    and leaves the other visits as they were."""
    model = window.visits.model

    def cell(visit_id: int, column: int) -> str:
        row = model.row_of(visit_id)
        assert row is not None
        return str(model.index(row, column).data())

    assert cell(21, SUBJECT) == "#21 Visit 21" and cell(22, WORK) == ""
    timer_store.start(window.db, 22, "on_site")
    with transaction(window.db):  # what a sync writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(21, subject="Visit 21, rescheduled", visit_start=day(21))
        )

    refreshed(window, qtbot, window.refresh)

    assert cell(21, SUBJECT) == "#21 Visit 21, rescheduled"
    assert cell(22, WORK).startswith("▶")
    assert cell(23, SUBJECT) == "#23 Visit 23"


def painted(window: MainWindow, qtbot: QtBot) -> None:
    """Until the repaints a refresh left for a later turn of the event loop are done."""
    viewport = window.visits.list.viewport()
    qtbot.waitUntil(lambda: not window.visits.model.repaint_waiting() and viewport.updatesEnabled())
    QApplication.processEvents()  # the paint they asked for


class PaintLog(QObject):
    """The areas of the list's rows painted, in order."""

    def __init__(self, viewport: QWidget) -> None:
        super().__init__()
        self.areas: list[QRect] = []
        self.lines = 0  # how many lines of pixels were painted, all paints together
        viewport.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.areas.append(event.rect())
            self.lines += sum(part.height() for part in event.region())
        return False


def on_screen(window: MainWindow) -> QImage:
    """What the list's rows look like on screen now: the window's painted pixels (the
    offscreen platform hands out its backing store), not a fresh rendering."""
    viewport = window.visits.list.viewport()
    corner = viewport.mapTo(window, QPoint(0, 0))
    pixels = window.screen().grabWindow(
        window.winId(), corner.x(), corner.y(), viewport.width(), viewport.height()
    )
    return pixels.toImage()


def test_rows_that_moved_on_screen_are_painted_in_their_new_places(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A sync moves a visit from above the rows on screen to the last day: every row
    shown moves up one.  Once the refresh has landed, the screen shows the list as it
    now is (the repaint of so many rows waits a turn of the event loop; it still comes)."""
    assert window.visits.select(55)  # the last day: the list scrolled to its end
    model, view = window.visits.model, window.visits.list
    assert view.rowAt(0) > (model.row_of(1) or 0), "visit 1 is above the rows on screen"
    rows_before = model.rowCount()
    before = on_screen(window)
    with transaction(window.db):  # what a sync that reschedules writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(1, subject="Visit 1", visit_start=day(27))
        )

    refreshed(window, qtbot, window.refresh)
    painted(window, qtbot)
    shown = on_screen(window)

    assert model.rowCount() == rows_before  # repainted in place, not reset
    assert shown != before
    view.viewport().repaint()  # every row on screen painted afresh, at once
    assert shown == on_screen(window)


def test_a_selected_visit_that_moves_with_its_neighbours_is_painted_with_them(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Visit 3, on screen, moves to a later day below it: the selected visit 40 and the
    rows between move up one.  The list is painted once, everything that changed
    together: never first the selection's two rows (a frame with the selected visit
    moved and its neighbours not)."""
    assert window.visits.select(40)
    view, model = window.visits.list, window.visits.model
    row_before = model.row_of(40)
    first_on_screen, last_on_screen = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    assert first_on_screen < (model.row_of(3) or 0) < (row_before or 0) < last_on_screen
    qtbot.wait(50)  # the selection's own paint is done
    log = PaintLog(view.viewport())
    with transaction(window.db):  # what a sync that reschedules writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(3, subject="Visit 3", visit_start=day(20))
        )

    refreshed(window, qtbot, window.refresh)
    painted(window, qtbot)

    assert model.row_of(40) == (row_before or 0) - 1 and window.visits.selected_id == 40
    assert (model.row_of(3) or 0) > last_on_screen
    assert len(log.areas) == 1, log.areas
    shown = on_screen(window)
    view.viewport().repaint()  # every row on screen painted afresh: the same pixels
    assert shown == on_screen(window)


def where_on_screen(window: MainWindow) -> dict[int, int]:
    """Each visit on screen, and how far down the list it is painted."""
    view, model = window.visits.list, window.visits.model
    first, last = view.rowAt(0), view.rowAt(view.viewport().height() - 1)
    places = {}
    for row in range(first, last + 1):
        visit_id = model.index(row, WHEN).data(VISIT_ID_ROLE)
        if visit_id is not None:
            places[visit_id] = view.visualRect(model.index(row, WHEN)).top()
    return places


def scrolled_to_the_middle(window: MainWindow, qtbot: QtBot) -> int:
    """The list scrolled down some way (not to its end), a visit on screen selected."""
    view = window.visits.list
    view.verticalScrollBar().setValue(20)
    assert 0 < view.verticalScrollBar().value() < view.verticalScrollBar().maximum()
    selected = sorted(where_on_screen(window))[5]
    assert window.visits.select(selected)
    qtbot.wait(50)  # its paint is done
    return selected


def test_a_visit_moved_from_above_the_screen_to_below_it_leaves_the_screen_as_it_was(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A sync reschedules visit 1, above the rows on screen, to the last day, below them.
    Every row on screen is now one further up the list, but the visits stay where they
    were on screen (the list does not jump under the technician's eyes) and are not
    painted again: at most the selected visit's row is."""
    selected = scrolled_to_the_middle(window, qtbot)
    view, model = window.visits.list, window.visits.model
    assert view.rowAt(0) > (model.row_of(1) or 0), "visit 1 is above the rows on screen"
    places, before = where_on_screen(window), on_screen(window)
    log = PaintLog(view.viewport())
    with transaction(window.db):  # what a sync that reschedules writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(1, subject="Visit 1", visit_start=day(27))
        )

    refreshed(window, qtbot, window.refresh)
    painted(window, qtbot)

    assert (model.row_of(1) or 0) > view.rowAt(view.viewport().height() - 1)  # below them
    assert where_on_screen(window) == places
    assert window.visits.selected_id == selected
    assert on_screen(window) == before
    assert log.lines <= 2 * view.rowHeight(0) + 1, log.areas  # the selection's old and new row
    view.viewport().repaint()  # every row on screen painted afresh: the same pixels
    assert on_screen(window) == before


@pytest.mark.parametrize("lands", [2, -3], ids=["near the top", "near the bottom"])
def test_a_visit_moved_onto_the_screen_moves_only_the_rows_on_its_shorter_side(
    window: MainWindow, qtbot: QtBot, lands: int
) -> None:
    """Visit 1 moves from above the rows on screen to the time of a visit shown there.
    One side of its new place has to move by a row; it is the shorter side: the other
    visits stay where they were.  The screen then shows exactly what a full repaint of
    the list shows."""
    selected = scrolled_to_the_middle(window, qtbot)
    view = window.visits.list
    places = where_on_screen(window)
    target = sorted(places, key=places.__getitem__)[lands]
    with transaction(window.db):  # visit 1 moves to that visit's day and hour
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(1, subject="Visit 1", visit_start=day(target))
        )

    refreshed(window, qtbot, window.refresh)
    painted(window, qtbot)
    shown = on_screen(window)

    now = where_on_screen(window)
    assert 1 in now, "visit 1 is shown where it landed"
    moved = [visit for visit, y in places.items() if visit in now and now[visit] != y]
    assert len(moved) <= 3, moved  # of the 30 or so visits on screen
    assert window.visits.selected_id == selected
    view.viewport().repaint()  # every row on screen painted afresh: the same pixels
    assert shown == on_screen(window)


def test_a_visit_moved_into_the_first_day_keeps_the_list_at_its_top(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At the top of the list (as the Today list usually is), a visit rescheduled to
    the first day shown leaves the list at its top: the day's heading stays in view."""
    view, model = window.visits.list, window.visits.model
    view.scrollToTop()
    assert window.visits.select(28)
    qtbot.wait(50)
    with transaction(window.db):  # before the first visit of the first day
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(55, subject="Visit 55", visit_start="2026-11-01T07:00:00Z")
        )

    refreshed(window, qtbot, window.refresh)
    painted(window, qtbot)

    assert model.row_of(55) == 1
    assert view.verticalScrollBar().value() == 0 and model.is_heading(view.rowAt(0))
    shown = on_screen(window)
    view.viewport().repaint()
    assert shown == on_screen(window)
