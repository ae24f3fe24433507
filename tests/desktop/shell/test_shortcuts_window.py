"""F1's keys in a window that fits the screen and scrolls to its last line.

In a message box the list (some 70 lines with every screen's keys) was 958 px tall on a
768-px laptop screen: its end and its button were below the screen's edge, out of reach.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from tests.desktop.keyboard_helpers import open_window


def f1(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.shortcut_box is not None
    qtbot.waitExposed(window.shortcut_box)


LAPTOP = QRect(0, 0, 1366, 728)  # a 1366×768 screen less its panel


def test_the_keys_fit_the_screen_and_scroll_to_the_last(
    qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, profile, asset=True)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: LAPTOP)
    f1(qtbot, window)
    box = window.shortcut_box
    assert box is not None
    box.move(LAPTOP.topLeft())
    assert LAPTOP.contains(box.frameGeometry()), box.frameGeometry()
    page = box.page
    bar = page.verticalScrollBar()
    assert bar.maximum() > 0, "the list is longer than this screen: it must scroll"
    bar.setValue(bar.maximum())
    bottom = page.cursorForPosition(page.viewport().rect().bottomLeft()).position()
    assert bottom >= page.document().characterCount() - 60, "the list's end is out of reach"
    assert window.isEnabled(), "the window stays usable while the keys are shown"


def test_another_f1_raises_the_same_window(qtbot: QtBot, profile: Profile) -> None:
    window = open_window(qtbot, profile)
    f1(qtbot, window)
    first = window.shortcut_box
    window.activateWindow()
    f1(qtbot, window)
    assert window.shortcut_box is first
    assert first is not None and first.isVisible()
