"""A sync brings a visit or takes one away: the list shows it under its day (or no
longer), the day's heading counts again, and the technician keeps their place: the
selected visit stays selected and in view."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visits.model import WHEN
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.visits.conftest import day
from tests.desktop.visits.test_refresh_off_the_gui_thread import on_screen, painted, refreshed
from tests.sync.test_store import remote_ticket

NEW_DAY = "2026-11-29T10:00:00Z"  # no visit is on the 29th (conftest.day)


def heading_of(window: MainWindow, visit_id: int) -> str:
    """The heading of the day the visit is listed under."""
    model = window.visits.model
    row = model.row_of(visit_id)
    assert row is not None
    heading = max(h for h in model.heading_rows() if h < row)
    return str(model.index(heading, WHEN).data())


def in_view(window: MainWindow, visit_id: int) -> bool:
    view, row = window.visits.list, window.visits.model.row_of(visit_id)
    assert row is not None
    return view.viewport().rect().contains(view.visualRect(window.visits.model.index(row, WHEN)))


def selected_row_visit(window: MainWindow) -> int:
    visit = window.visits.model.visit_at(window.visits.list.currentIndex().row())
    assert visit is not None
    return visit.id


def arrive(window: MainWindow, visit_id: int, start: str) -> None:
    with transaction(window.db):  # what a sync writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(visit_id, subject="New install", visit_start=start)
        )


def test_a_visit_arriving_on_a_day_with_visits_is_listed_under_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.visits.select(40)  # at the bottom of the list's window: a row above comes
    assert window.visits.list.verticalScrollBar().value() > 0
    assert heading_of(window, 3).endswith("· 3 visits")  # visits 3, 31 and 59
    arrive(window, 500, day(3))

    refreshed(window, qtbot, window.refresh)

    assert heading_of(window, 500) == heading_of(window, 3)
    assert heading_of(window, 500).endswith("· 4 visits")
    assert window.visits.selected_id == 40 and selected_row_visit(window) == 40
    assert window.visits.list.selectionModel().isRowSelected(window.visits.model.row_of(40))
    assert in_view(window, 40)


def test_a_visit_arriving_on_a_new_day_brings_its_heading(window: MainWindow, qtbot: QtBot) -> None:
    assert window.visits.select(12)
    headings = len(window.visits.model.heading_rows())
    arrive(window, 501, NEW_DAY)

    refreshed(window, qtbot, window.refresh)

    assert len(window.visits.model.heading_rows()) == headings + 1
    assert "29 November" in heading_of(window, 501)
    assert heading_of(window, 501).endswith("· 1 visit")
    assert window.visits.selected_id == 12 and selected_row_visit(window) == 12


def test_a_visit_leaving_the_list_leaves_the_selected_one_selected(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.visits.select(40)
    with transaction(window.db):
        ticket_store.remove_ticket(window.db, 3)

    refreshed(window, qtbot, window.refresh)

    assert window.visits.model.row_of(3) is None
    assert heading_of(window, 31).endswith("· 2 visits")
    assert window.visits.selected_id == 40 and selected_row_visit(window) == 40
    assert in_view(window, 40)


def test_when_the_selected_visit_leaves_another_visit_is_selected(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.visits.select(40)
    with transaction(window.db):
        ticket_store.remove_ticket(window.db, 40)

    refreshed(window, qtbot, window.refresh)

    assert window.visits.model.row_of(40) is None
    shown = window.visits.selected_id
    assert shown is not None and shown != 40 and selected_row_visit(window) == shown
    assert window.visit_panel.visit is not None and window.visit_panel.visit.id == shown


def test_a_visit_arriving_below_a_list_scrolled_to_its_end_is_painted_true(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Scrolled to the end, the last row sits on the bottom edge; a visit arriving on a
    later day puts rows below it and the first row on the top edge: the rows on screen
    are painted where they now are (clicks land on the visit painted there)."""
    view = window.visits.list
    assert window.visits.select(55)  # on the last day
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.wait(50)
    arrive(window, 90, "2026-12-30T10:00:00Z")

    refreshed(window, qtbot, window.refresh)
    painted(window, qtbot)

    shown = on_screen(window)
    view.viewport().repaint()
    assert shown == on_screen(window)
