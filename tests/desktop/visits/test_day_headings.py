"""Day headings are not rows to stand on: the keys step over them to the next visit,
and a click on one leaves the selected visit as it was."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from desktop.visits.model import Scope
from tests.desktop.visits.helpers import visit


def two_days(qtbot: QtBot) -> VisitsPage:
    """Today: visits 1 and 2; tomorrow: visit 3 (rows: heading, 1, 2, heading, 3)."""
    shown = VisitsPage(QWidget())
    qtbot.addWidget(shown)
    shown.resize(1200, 500)
    shown.show()
    qtbot.waitExposed(shown)
    shown.set_scope(Scope.ALL)
    shown.set_visits(
        [
            visit(1, starts_in=timedelta(minutes=1)),
            visit(2, starts_in=timedelta(minutes=2)),
            visit(3, starts_in=timedelta(days=1)),
        ]
    )
    assert shown.model.heading_rows() == [0, 3]
    return shown


def test_down_and_up_step_over_a_day_heading(qtbot: QtBot) -> None:
    shown = two_days(qtbot)
    shown.select(2)
    shown.list.setFocus()
    qtbot.keyClick(shown.list, Qt.Key.Key_Down)
    assert shown.selected_id == 3
    qtbot.keyClick(shown.list, Qt.Key.Key_Up)
    assert shown.selected_id == 2
    qtbot.keyClick(shown.list, Qt.Key.Key_Home)  # row 0 is today's heading
    assert shown.selected_id == 1
    assert not shown.model.is_heading(shown.list.currentIndex().row())


def test_a_click_on_a_heading_keeps_the_selected_visit(qtbot: QtBot) -> None:
    shown = two_days(qtbot)
    shown.select(2)
    heading = shown.list.visualRect(shown.model.index(3, 0)).center()
    qtbot.mouseClick(shown.list.viewport(), Qt.MouseButton.LeftButton, pos=heading)
    assert shown.selected_id == 2
    assert [i.row() for i in shown.list.selectionModel().selectedRows()] == [2]
