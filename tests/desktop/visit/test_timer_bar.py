"""The timer bar's "Today" line: under the timers, on one line, once there is time on
the visit today; the buttons keep their words in a 1280-px window.

Before, "Today: 0 min" was always there, beside the timers, and wrapped to two lines in
a 1280-px window (or, kept to one line, took the buttons' words)."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit.timer_bar import TimerBar
from sync import outbox
from tests.desktop.visit.local_visit import VISIT, local_db, seed

__all__ = ["local_db"]  # the fixture
PANEL_AT_1280 = 575  # the visit panel's width in a 1280-px window


class Panel(QWidget):
    """The visit panel's width around a timer bar."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        super().__init__()
        self.bar = TimerBar(db, MessageBridge(), lambda: "alice")
        QVBoxLayout(self).addWidget(self.bar)


def bar_in_panel(qtbot: QtBot, db: sqlite_utils.Database, width: int) -> Panel:
    panel = Panel(db)
    qtbot.addWidget(panel)
    bar = panel.bar
    panel.resize(width, 60)
    bar.show_visit(VISIT)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_nothing_logged_today_says_nothing_and_keeps_the_buttons_words(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    panel = bar_in_panel(qtbot, local_db, PANEL_AT_1280)
    bar = panel.bar
    assert not bar.today.isVisible()
    assert bar.starts["travel"].text() == "Start" and bar.stops["on_site"].text() == "Stop…"


def shown_on_one_line(qtbot: QtBot, bar: TimerBar) -> None:
    """Once laid out: its whole text, not cut nor wrapped."""
    one_line = bar.today.fontMetrics().horizontalAdvance(bar.today.text())
    qtbot.waitUntil(lambda: bar.today.width() >= one_line)


def test_time_logged_today_is_one_line_beside_the_timers(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    outbox.add_note(local_db, VISIT, "Fuser swapped.", author="alice", minutes=75)
    panel = bar_in_panel(qtbot, local_db, PANEL_AT_1280)
    today = panel.bar.today
    assert today.isVisible() and today.text() == "Today on this visit: 1 h 15 min"
    shown_on_one_line(qtbot, panel.bar)
    assert today.y() > panel.bar.starts["travel"].geometry().bottom()  # under the timers
    assert panel.bar.starts["travel"].text() == "Start"  # the buttons keep their words


def test_a_running_timer_says_today_at_once_and_keeps_its_words(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    panel = bar_in_panel(qtbot, local_db, PANEL_AT_1280)
    panel.bar.starts["on_site"].click()
    assert panel.bar.today.isVisible() and panel.bar.today.text() == "Today on this visit: 0 min"
    assert panel.bar.starts["on_site"].text() == "Pause"
