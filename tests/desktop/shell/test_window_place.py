"""The main window opens on the screen, and where the technician left it.

A 1366×768 laptop has less than 800 px of height once its panel is taken: a
1280×800 window put its status line and last rows below the screen's edge.  At
150 % (911×512 px of room) its minimum width was wider than the screen too.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.shell.window_place import WINDOW_PLACE_SETTING
from sync.profile import Profile
from sync.store import open_database
from sync.store.settings import set_setting


def opened(qtbot: QtBot, profile: Profile) -> MainWindow:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_first_start_on_a_roomy_screen_opens_at_1280_by_800(
    qtbot: QtBot, profile: Profile
) -> None:
    window = opened(qtbot, profile)
    assert (window.width(), window.height()) == (1280, 800)
    assert not window.isMaximized()


@pytest.mark.parametrize(
    "room",
    [QRect(0, 0, 1366, 728), QRect(0, 0, 911, 512), QRect(0, 0, 853, 533)],
    ids=["1366x768", "1366x768 at 150 %", "1280x800 at 150 %"],
)
def test_a_first_start_on_a_small_screen_fills_it(
    qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch, room: QRect
) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    window = MainWindow(profile)
    qtbot.addWidget(window)

    assert window.windowState() & Qt.WindowState.WindowMaximized, "opens maximised"
    assert window.minimumSizeHint().width() <= room.width(), "no part held off the screen"
    assert window.height() <= room.height()


def test_the_window_opens_as_it_was_closed(qtbot: QtBot, profile: Profile) -> None:
    window = opened(qtbot, profile)
    window.resize(1100, 700)
    window.move(40, 30)
    qtbot.wait(20)
    window.close()

    again = opened(qtbot, profile)
    assert (again.width(), again.height()) == (1100, 700)
    assert not again.isMaximized()


def test_a_window_closed_maximised_opens_maximised(qtbot: QtBot, profile: Profile) -> None:
    window = opened(qtbot, profile)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()

    again = MainWindow(profile)
    qtbot.addWidget(again)
    assert again.windowState() & Qt.WindowState.WindowMaximized


def test_a_damaged_saved_place_opens_at_the_first_size(qtbot: QtBot, profile: Profile) -> None:
    profile.ensure()
    db = open_database(profile.database_path)
    set_setting(db, WINDOW_PLACE_SETTING, "not base64 at all ☃")
    db.close()
    window = opened(qtbot, profile)
    assert (window.width(), window.height()) == (1280, 800)


def test_the_rail_on_a_low_window_scrolls_without_cutting_its_labels(
    qtbot: QtBot, profile: Profile
) -> None:
    window = opened(qtbot, profile)
    rail = window.rail.nav
    wide = rail.width()
    window.resize(1100, 430)  # lower than the rail's screens need
    qtbot.waitUntil(lambda: rail.verticalScrollBar().maximum() > 0)
    assert rail.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    bar = rail.verticalScrollBar()
    assert rail.width() == wide + bar.sizeHint().width(), "widened by its scroll bar"
    window.resize(1100, 900)
    qtbot.waitUntil(lambda: rail.width() == wide)
