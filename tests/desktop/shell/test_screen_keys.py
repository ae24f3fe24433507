"""From the keyboard alone: Ctrl+<n> puts the focus where the screen's work starts, and the
screen's own keys work as soon as it shows — also with the focus left on the rail."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from tests.desktop.keyboard_helpers import focused, open_window, press


@pytest.fixture
def window(qtbot: QtBot, profile: Profile) -> MainWindow:
    return open_window(qtbot, profile)


def test_the_window_opens_with_the_focus_in_the_visit_list(window: MainWindow) -> None:
    assert focused() is window.visits.list


def test_a_supervisor_window_opens_with_the_focus_in_the_queue(
    qtbot: QtBot, profile: Profile
) -> None:
    window = open_window(qtbot, profile, supervisor=True)
    assert window.board is not None
    assert window.current_page() == "dispatch"
    assert focused() is window.board.queue


def test_each_screen_takes_the_focus_where_its_work_starts(
    window: MainWindow, qtbot: QtBot
) -> None:
    press(qtbot, "Ctrl+2")
    assert focused() is window.kb.search
    press(qtbot, "Ctrl+3")  # nothing unsent: the line saying so, read by a screen reader
    assert focused() is window.outbox.empty.note
    press(qtbot, "Ctrl+4")
    assert focused() is window.conflicts.empty.note
    press(qtbot, "Ctrl+5")
    assert focused() is window.ready.table
    press(qtbot, "Ctrl+6")
    assert focused() is window.assets.finder.box
    press(qtbot, "Ctrl+1")
    assert focused() is window.visits.list


def test_a_screens_keys_work_right_after_ctrl_n(window: MainWindow, qtbot: QtBot) -> None:
    fetched: list[bool] = []
    window.ready.fetch_requested.connect(lambda: fetched.append(True))
    press(qtbot, "Ctrl+5")
    press(qtbot, "Ctrl+D")
    assert fetched == [True]
    press(qtbot, "Ctrl+2")
    qtbot.keyClicks(focused(), "toner")  # typed straight into the search
    assert window.kb.search.text() == "toner"


def test_a_screens_keys_work_with_the_focus_on_the_rail(window: MainWindow, qtbot: QtBot) -> None:
    """Arrowing along the rail leaves the focus there: the screen shown still answers."""
    fetched: list[bool] = []
    window.ready.fetch_requested.connect(lambda: fetched.append(True))
    window.rail.nav.setFocus()
    window.rail.show_page("kb")
    press(qtbot, "Ctrl+K")
    assert focused() is window.kb.search
    window.rail.nav.setFocus()
    window.rail.show_page("assets")
    press(qtbot, "Ctrl+F")
    assert focused() is window.assets.finder.box, "Equipment's find, not the visit filter"
    window.rail.nav.setFocus()
    window.rail.show_page("ready")
    press(qtbot, "Ctrl+D")
    assert fetched == [True]


def test_a_hidden_screens_keys_do_nothing(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screens' keys are the window's only while they show: Ctrl+F on My visits is
    the filter, Ctrl+D (Ready) and Ctrl+K (KB) do nothing there."""
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    fetched: list[bool] = []
    window.ready.fetch_requested.connect(lambda: fetched.append(True))
    window.kb  # noqa: B018 - made, then hidden behind My visits
    window.assets  # noqa: B018
    press(qtbot, "Ctrl+1")
    press(qtbot, "Ctrl+F")
    assert focused() is window.visits.filter
    press(qtbot, "Ctrl+D")
    press(qtbot, "Ctrl+K")
    assert fetched == []
    assert focused() is window.visits.filter
    assert QApplication.activeModalWidget() is None
