"""Every action is findable: F1 lists what the window really has, the Visit menu and the
action bar's "More" hold every visit action."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.shell.actions import Shortcut, shortcuts
from desktop.shell.main_window import MainWindow
from desktop.visit.actions import ON_BAR
from desktop.visit.detail import TAB_CHECKLIST
from sync.profile import Profile
from sync.store import open_database, timers, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

VISIT = 7


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    profile = Profile(tmp_path / "p").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(VISIT))
    db.close()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # F1's box: read, not waited on
    main = MainWindow(profile)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.started):  # the visit panel is made just after the first paint
        main.show()
    main.open_visit(VISIT)
    return main


def f1_page(window: MainWindow) -> str:
    window.show_shortcuts()
    return window.shortcut_box.text()


def plain(text: str) -> str:
    """A menu text as read: "Si&gn && report" → "Sign & report"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def keys(action: QAction) -> str:
    return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)


def test_f1_lists_every_action_with_a_shortcut(window: MainWindow) -> None:
    with_keys = [a for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    assert len(with_keys) > 20
    page = f1_page(window)
    for action in with_keys:
        assert keys(action) in page, action.text()
        assert html.escape(plain(action.text())) in page
    escalate = window.visit_panel.work_actions["escalate"]
    assert Shortcut("Visit", keys(escalate), "Escalate") in shortcuts(window)


def test_f1_follows_a_new_action_without_being_told(window: MainWindow) -> None:
    extra = QAction("Zoom the map", window.kb)
    extra.setShortcut(QKeySequence("Ctrl+Alt+Z"))
    assert "Zoom the map" in f1_page(window)


def test_the_visit_menu_holds_every_visit_action(window: MainWindow, qtbot: QtBot) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("V&isit") == titles.index("&Help") - 1
    work = window.visit_panel.work_actions
    in_menu = [a for a in window.visit_menu.actions() if not a.isSeparator()]
    # The very actions, not copies; and how the conversation reads.
    assert set(in_menu) == {*work.actions.values(), window.visit_panel.newest_first}
    assert all(not a.shortcut().isEmpty() for a in in_menu)

    by_text = {a.text(): a for a in in_menu}
    by_text["Open chec&klist"].trigger()
    assert window.visit_panel.tabs.currentIndex() == TAB_CHECKLIST
    by_text["Start/pause tra&vel timer"].trigger()
    assert timers.timers(window.db, VISIT)["travel"].running
    by_text["Start/pause tra&vel timer"].trigger()
    assert not timers.timers(window.db, VISIT)["travel"].running

    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F8)  # the key the menu shows does the same
    assert timers.timers(window.db, VISIT)["on_site"].running


def test_more_holds_every_action_not_on_the_bar(window: MainWindow, qtbot: QtBot) -> None:
    work = window.visit_panel.work_actions
    bar = work.bar
    every = set(work.actions.values())

    def on_bar() -> set[QAction]:
        return {a for a, button in bar.buttons.items() if button.isVisibleTo(bar)}

    def in_more() -> set[QAction]:  # what "More" offers when it opens
        bar.more.popup(bar.mapToGlobal(bar.rect().bottomLeft()))
        offered = {a for a in bar.more.actions() if not a.isSeparator()}
        bar.more.hide()
        return offered

    window.resize(1600, 800)
    qtbot.waitUntil(lambda: len(on_bar()) == len(ON_BAR))
    assert in_more() == every - on_bar()
    assert {a.text() for a in in_more()} >= {
        "Record &serial…",
        "&Escalate…",
        "New ticket at this site…",
        "Draft KB article…",
    }

    bar.resize(420, bar.height())  # narrower than its buttons: the last ones move into More
    assert 0 < len(on_bar()) < len(ON_BAR)
    assert in_more() == every - on_bar()
    left = [work[name] for name in ON_BAR if work[name] not in on_bar()]
    assert bar.more_actions()[: len(left)] == left  # what left the bar comes first, in order
    assert bar.more_button.isVisibleTo(bar)
