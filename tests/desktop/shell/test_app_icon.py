"""The window carries FieldDesk's icon (the title bar, the task bar, Alt+Tab on X11 and
Windows) and names its menu entry for Wayland docks; the icon is read after the first
paint, so the start waits for no PNG."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Shell, application
from sync.profile import Profile

pytestmark = pytest.mark.skipif(sys.platform == "darwin", reason="the app bundle's icon")


def test_the_window_has_the_app_icon_once_painted(
    profile: Profile, shell_on: list[Shell], qtbot: QtBot
) -> None:
    QApplication.setWindowIcon(QIcon())  # as in a fresh process
    shell = Shell(profile, explicit_profile=True)
    shell_on.append(shell)
    window = shell.window
    assert window is not None
    qtbot.waitUntil(lambda: not window.windowIcon().isNull(), timeout=5000)
    sizes = [size.width() for size in window.windowIcon().availableSizes()]
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_the_app_names_its_menu_entry() -> None:
    switch_interval = sys.getswitchinterval()
    try:
        application()  # the tests' application, named as the app's
    finally:
        sys.setswitchinterval(switch_interval)
    assert QGuiApplication.desktopFileName() == "fielddesk"
