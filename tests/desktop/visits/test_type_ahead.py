"""Typing in the visit list goes to the visit whose time starts with what was typed; the
same key again goes on to the next one (as in any list on the desktop)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from desktop.visits.model import Scope
from tests.desktop.visits.helpers import visit


def test_typing_a_time_goes_to_the_visit_then_on(qtbot: QtBot) -> None:
    tomorrow = datetime.now().astimezone().replace(second=0, microsecond=0) + timedelta(days=1)
    at = {1: (9, 0), 2: (9, 30), 3: (10, 0)}  # rows: the day's heading, then 09:00, 09:30, 10:00
    now = datetime.now().astimezone()
    shown = VisitsPage(QWidget())
    qtbot.addWidget(shown)
    shown.show()
    shown.set_scope(Scope.ALL)
    shown.set_visits(
        [
            visit(n, starts_in=tomorrow.replace(hour=h, minute=m) - now, hours=0.5)
            for n, (h, m) in at.items()
        ]
    )
    assert shown.select(1)
    shown.list.setFocus()
    qtbot.keyClicks(shown.list, "0")  # from the visit after the selected one: 09:30
    assert shown.selected_id == 2
    qtbot.keyClicks(shown.list, "0")  # the same key again: the next "0…", round to 09:00
    assert shown.selected_id == 1
    qtbot.wait(QApplication.keyboardInputInterval() + 100)
    qtbot.keyClick(shown.list, Qt.Key.Key_1)
    assert shown.selected_id == 3
