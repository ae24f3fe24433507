"""An underlined letter does what it says: one owner per Alt+letter on show, in the window
(menus, each screen, each of the visit's tabs) and in the work dialogs.

Two owners and Qt gives the key to one — the menu bar's wins: Alt+T on Equipment opened
Tools, not Re&tire; Alt+F on Ready opened File, not &Fetch.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from desktop.assets.dialogs import ReplaceDialog, RetireDialog
from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from tests.desktop.keyboard_helpers import (
    clashes,
    each_screen_and_tab,
    focused,
    open_window,
    press,
    underlines_that_lie,
)


@pytest.fixture
def window(qtbot: QtBot, profile: Profile) -> MainWindow:
    return open_window(qtbot, profile, asset=True)


def test_each_screen_and_tab_has_one_owner_per_alt_letter(window: MainWindow, qtbot: QtBot) -> None:
    found = {
        where: (clashes(window), underlines_that_lie(window))
        for where in each_screen_and_tab(window, qtbot)
        if clashes(window) or underlines_that_lie(window)
    }
    assert found == {}


def test_the_scope_buttons_underline_nothing_their_key_is_alt_n(window: MainWindow) -> None:
    today, week, everything = window.visits.scope_buttons.buttons()
    assert [b.text() for b in (today, week, everything)] == ["Today", "This week", "All"]
    assert today.toolTip() == "Show Today (Alt+1)"


def test_alt_r_on_equipment_retires_not_a_menu(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []
    monkeypatch.setattr(window.assets.asset_actions, "retire", lambda a, v=None: asked.append(a))
    press(qtbot, "Ctrl+6")
    qtbot.waitUntil(lambda: window.assets.record.detail is not None)  # the first one opens
    press(qtbot, "Alt+R")
    qtbot.waitUntil(lambda: bool(asked))
    assert asked == [window.assets.record.detail.asset.id]
    assert not isinstance(QApplication.activePopupWidget(), QMenu)


def test_alt_e_on_ready_fetches_not_the_file_menu(window: MainWindow, qtbot: QtBot) -> None:
    fetched: list[bool] = []
    window.ready.fetch_requested.connect(lambda: fetched.append(True))
    press(qtbot, "Ctrl+5")
    assert window.ready.fetch_button.text() == "Fetch &everything missing"
    press(qtbot, "Alt+E")
    qtbot.waitUntil(lambda: bool(fetched))
    assert not isinstance(QApplication.activePopupWidget(), QMenu)


def test_the_files_tab_has_its_own_letter(window: MainWindow, qtbot: QtBot) -> None:
    press(qtbot, "Ctrl+1")
    press(qtbot, "Alt+E")
    assert window.visit_panel.tabs.currentIndex() == 2
    assert not isinstance(QApplication.activePopupWidget(), QMenu)


def test_the_work_dialogs_have_one_owner_per_alt_letter(window: MainWindow, qtbot: QtBot) -> None:
    panel = window.visit_panel
    for action in ("note", "status", "parts", "serial", "escalate", "new_ticket", "report"):
        panel.work_actions[action].trigger()
        dialog = panel.dialog
        assert dialog is not None
        assert clashes(dialog) == {}, action
        assert underlines_that_lie(dialog) == [], action
        dialog.reject()
    window.show_page("assets")
    qtbot.waitUntil(lambda: window.assets.record.detail is not None)
    detail = window.assets.record.detail
    assert detail is not None
    for dialog in (
        ReplaceDialog(window.db, detail.asset, None, lambda _: True, window),
        RetireDialog(detail.asset, None, lambda _: True, window),
    ):
        assert clashes(dialog) == {}, dialog.windowTitle()
        dialog.deleteLater()


def test_alt_f_in_a_note_adds_files_not_the_reply(window: MainWindow, qtbot: QtBot) -> None:
    window.visit_panel.work_actions["note"].trigger()
    note = window.visit_panel.dialog
    assert note is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is note)
    assert note.add_files.text() == "Add photos or &files…"  # type: ignore[attr-defined]
    press(qtbot, "Alt+P")
    qtbot.waitUntil(note.reply.isChecked)  # type: ignore[attr-defined]
    assert focused() is note.reply  # type: ignore[attr-defined]
    note.reject()
