"""F1 lists the keys of buttons, tabs and labels too, not only the actions': Alt+1/2/3
(Today, This week, All), Alt+M (More), Alt+L (Related, which the visit header names)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.shell.actions import Shortcut, shortcuts
from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from tests.desktop.keyboard_helpers import open_window


@pytest.fixture
def listed(qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch) -> list[Shortcut]:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # F1's box: read, not waited on
    window = open_window(qtbot, profile, asset=True)
    window.show_shortcuts()
    return shortcuts(window, screens(window))


def screens(window: MainWindow) -> list[tuple[str, object]]:
    return [(page.title, page.widget) for page in window.rail.pages.values()]


# section | keys | what, as F1 reads them
EXPECTED = """
My visits | Alt+1 | Today
My visits | Alt+2 | This week
My visits | Alt+3 | All
My visits | Alt+M | More
My visits | Alt+L | Related tab
My visits | Alt+K | Checklist tab
My visits | Alt+R | Equipment: Retire
Ready for the road | Alt+E | Fetch everything missing
Equipment | Alt+R | Retire
"""


def test_f1_lists_the_alt_keys(listed: list[Shortcut]) -> None:
    for line in EXPECTED.strip().splitlines():
        section, keys, what = (part.strip() for part in line.split("|"))
        assert Shortcut(section, keys, what) in listed, line


def test_every_button_key_in_the_window_is_on_the_f1_page(
    qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    window = open_window(qtbot, profile, asset=True)
    window.show_shortcuts()
    page = window.shortcut_box.text()
    native = QKeySequence.SequenceFormat.NativeText
    for button in window.findChildren(QAbstractButton):
        if button.window() is window and not button.shortcut().isEmpty():
            assert button.shortcut().toString(native) in page, button.text()
