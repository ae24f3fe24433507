"""A supervisor's window shows the Dispatch board as soon as the role is known."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync import dispatch
from sync.profile import Profile
from sync.replica import open_replica


def learn_role(profile: Profile, supervisor: bool) -> None:
    db = open_replica(profile.ensure())
    try:
        dispatch.remember_role(db, 7 if supervisor else None)
    finally:
        db.close()


def shortcut_of(window: MainWindow, title: str) -> str:
    [action] = [a for a in window.view_menu.actions() if a.text() == title]
    return action.shortcut().toString()


@pytest.fixture
def make_window(qtbot: QtBot) -> Callable[[Profile], MainWindow]:
    def make(profile: Profile) -> MainWindow:
        window = MainWindow(profile)
        qtbot.addWidget(window)
        return window

    return make


def test_a_supervisor_window_opens_on_the_board(
    profile: Profile, make_window: Callable[[Profile], MainWindow]
) -> None:
    learn_role(profile, supervisor=True)
    window = make_window(profile)
    assert window.current_page() == "dispatch"
    assert shortcut_of(window, "Ready for the road") == "Ctrl+5"  # as a technician's
    assert shortcut_of(window, "Equipment") == "Ctrl+6"
    assert shortcut_of(window, "Dispatch") == "Ctrl+7"


def test_a_technician_window_has_no_board(
    profile: Profile, make_window: Callable[[Profile], MainWindow]
) -> None:
    learn_role(profile, supervisor=False)
    window = make_window(profile)
    assert window.board is None
    assert "dispatch" not in window.rail.pages
    assert window.current_page() == "visits"


def test_the_board_appears_when_a_sync_learns_the_role(
    profile: Profile, make_window: Callable[[Profile], MainWindow]
) -> None:
    window = make_window(profile)  # signed in another way: role not asked yet
    assert "dispatch" not in window.rail.pages
    dispatch.remember_role(window.db, 7)  # what the first sync learns
    window.sync.ended.emit()
    assert window.board is not None
    assert window.current_page() == "dispatch"
    window.sync.ended.emit()  # a later sync adds nothing twice
    assert list(window.rail.pages).count("dispatch") == 1
    assert window.current_page() == "dispatch"
