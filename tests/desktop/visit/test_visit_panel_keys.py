"""The visit panel from the keyboard and a screen reader: a tab opened by its key has the
focus; Tab walks the header in the order it reads; the timers' buttons say which timer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visit.detail import TAB_CHECKLIST, TAB_EQUIPMENT, TAB_RELATED
from desktop.visit.dialogs import SerialDialog
from sync.profile import Profile
from tests.desktop.keyboard_helpers import focused, open_window, press, spoken


@pytest.fixture
def window(qtbot: QtBot, profile: Profile) -> MainWindow:
    return open_window(qtbot, profile, asset=True)


@pytest.mark.parametrize(
    ("keys", "tab"),
    [("Ctrl+Shift+C", TAB_CHECKLIST), ("Alt+K", TAB_CHECKLIST), ("Alt+L", TAB_RELATED)],
)
def test_a_tab_opened_by_its_key_has_the_focus(
    window: MainWindow, qtbot: QtBot, keys: str, tab: int
) -> None:
    window.visits.list.setFocus()
    press(qtbot, keys)
    panel = window.visit_panel
    assert panel.tabs.currentIndex() == tab
    shown = panel.tabs.currentWidget()
    assert focused() is not window.visits.list
    assert shown.isAncestorOf(focused()), f"{keys}: the focus is on {focused()}"


def test_alt_q_puts_the_focus_on_the_equipment_list(window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, "Alt+Q")
    equipment = window.visit_panel.equipment
    assert window.visit_panel.tabs.currentIndex() == TAB_EQUIPMENT
    assert focused() is equipment.list  # the list first, its buttons after
    assert isinstance(focused(), QTreeWidget)


def test_tab_reaches_the_copy_buttons_in_reading_order(window: MainWindow, qtbot: QtBot) -> None:
    """Address: Copy, Navigate; contact: Call, then its number and e-mail to copy; then
    the timers (the copy buttons came last, after the tabs and the conversation)."""
    header = window.visit_panel.header
    header.call.setFocus()
    walked = []
    for _ in range(3):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        walked.append(focused())
    assert walked == [
        header.phone_buttons[0],
        header.email_buttons[0],
        window.visit_panel.timer.starts["travel"],
    ]
    assert spoken(header.phone_buttons[0]) == "Copy phone number +44 23 9200 1234"


def test_each_timer_button_says_which_timer(window: MainWindow, qtbot: QtBot) -> None:
    timer = window.visit_panel.timer
    assert spoken(timer.starts["travel"]) == "Start travel timer"
    assert spoken(timer.starts["on_site"]) == "Start on-site timer"
    assert spoken(timer.stops["travel"]) == "Stop travel timer, log time"
    press(qtbot, "F7")  # the travel timer runs
    assert spoken(timer.starts["travel"]) == "Pause travel timer"
    assert spoken(timer.starts["on_site"]) == "Start on-site timer"


def test_the_serial_dialogs_equipment_label_leads_to_its_list(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.visit_panel.work_actions["serial"].trigger()
    dialog = window.visit_panel.dialog
    assert isinstance(dialog, SerialDialog)
    [label] = [x for x in dialog.findChildren(QLabel) if x.text() == "&Equipment:"]
    assert label.buddy() is dialog.asset  # Alt+E, and the label a screen reader reads
    assert dialog.asset.accessibleName() == "Equipment"
    dialog.reject()
