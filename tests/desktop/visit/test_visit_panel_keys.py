"""The visit panel from the keyboard and a screen reader: a tab opened by its key has the
focus (the checklist's on its items, where Space ticks); Tab walks the header in the order
it reads; the timers' buttons say which timer; Enter on an unchanged serial changes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visit.detail import TAB_CHECKLIST, TAB_EQUIPMENT, TAB_RELATED
from desktop.visit.dialogs import PartsDialog, SerialDialog
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import checklists as checklist_store
from sync.store import outbox as outbox_store
from sync.store import transaction
from tests.desktop.keyboard_helpers import VISIT, focused, open_window, press, spoken


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


def add_checklist(window: MainWindow) -> None:
    """The visit's checklist of two items, and a template to add (so Add checklist shows,
    before the items in the tab's Tab order)."""
    db = window.db
    stamp = "2026-11-20T08:00:00Z"
    with transaction(db):
        checklist_store.remember_visit_types(db, VISIT, ("Printer",))
        checklist_store.apply_remote_templates(
            db,
            [
                RemoteArticle(9, "Printer", "", "Page count\nTest print", stamp, disabled=False),
                RemoteArticle(10, "Network", "", "Ping the gateway", stamp, disabled=False),
            ],
        )
    checklist_store.ensure_checklists(db, VISIT)
    window.visit_panel.refresh()


@pytest.mark.parametrize("keys", ["Ctrl+Shift+C", "Alt+K"])
def test_the_checklist_keys_put_the_focus_on_its_items_where_space_ticks(
    window: MainWindow, qtbot: QtBot, keys: str
) -> None:
    """On Add checklist, Space opened the templates' menu (and Enter added another)."""
    add_checklist(window)
    window.visits.list.setFocus()
    press(qtbot, keys)
    checklist = window.visit_panel.checklist
    assert checklist.add_button.isVisible()
    assert focused() is checklist.tree, f"{keys}: the focus is on {focused()}"
    assert checklist.current_number() == 1
    press(qtbot, "Space")
    [printer] = checklist_store.checklists(window.db, VISIT)
    assert [item.ticked for item in printer.items] == [True, False]
    assert checklist.templates.isHidden(), "no template menu opened"


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


def test_enter_on_an_unchanged_serial_closes_with_nothing_queued_or_said(
    window: MainWindow, qtbot: QtBot
) -> None:
    """A change that set RT's serial again became a conflict once a colleague corrected it
    there, and "keep mine" undid their correction."""
    said = []
    window.visit_panel.messages.shown.connect(said.append)
    queued = len(outbox_store.rows(window.db))
    window.visit_panel.work_actions["serial"].trigger()
    dialog = window.visit_panel.dialog
    assert isinstance(dialog, SerialDialog)
    assert dialog.serial.text() == "VNB3K12345"  # prefilled
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.visit_panel.dialog is None)
    assert len(outbox_store.rows(window.db)) == queued
    assert not said, said


def test_enter_on_unchanged_parts_closes_with_nothing_queued_or_said(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Opening the parts list to read it, then Enter: nothing changed, nothing to say."""
    said = []
    window.visit_panel.messages.shown.connect(said.append)
    queued = len(outbox_store.rows(window.db))
    window.visit_panel.work_actions["parts"].trigger()
    dialog = window.visit_panel.dialog
    assert isinstance(dialog, PartsDialog)
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)  # nothing typed: Enter saves
    qtbot.waitUntil(lambda: window.visit_panel.dialog is None)
    assert len(outbox_store.rows(window.db)) == queued
    assert not said, said
