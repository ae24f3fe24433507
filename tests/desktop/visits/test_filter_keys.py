"""The visit filter's keys: Down enters the list, Escape clears what was typed."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from desktop.visits.model import Scope
from tests.desktop.visits.helpers import visit


def test_down_from_the_filter_enters_the_list_and_escape_clears_it(qtbot: QtBot) -> None:
    shown = VisitsPage(QWidget())
    qtbot.addWidget(shown)
    shown.show()
    with qtbot.waitActive(shown):
        shown.activateWindow()
    shown.set_scope(Scope.ALL)
    shown.set_visits([visit(i, starts_in=timedelta(hours=i)) for i in (1, 2, 3)])
    shown.filter.setFocus()
    qtbot.keyClicks(shown.filter, "site 2")
    assert shown.model.visit_count() == 1
    qtbot.keyClick(shown.filter, Qt.Key.Key_Escape)
    assert shown.filter.text() == "" and shown.model.visit_count() == 3
    qtbot.keyClick(shown.filter, Qt.Key.Key_Down)
    assert shown.list.hasFocus()
    assert shown.list.currentIndex().isValid()  # on a visit, ready for Up/Down and Enter


def test_a_filter_matching_nothing_says_where_it_looks(qtbot: QtBot) -> None:
    shown = VisitsPage(QWidget())
    qtbot.addWidget(shown)
    shown.show()
    shown.set_scope(Scope.ALL)
    shown.set_visits([visit(1, starts_in=timedelta(hours=1))])
    qtbot.keyClicks(shown.filter, "zzz")
    assert shown.empty.isVisible()
    assert shown.empty.text().startswith("No visit matches “zzz”. The filter looks in the number")
