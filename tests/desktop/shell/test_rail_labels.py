"""The rail's labels stay whole when a screen joins it while the window shows (Dispatch)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.shell.rail import ScreenRail

SCREENS = [("visits", "My visits"), ("kb", "Knowledge base"), ("ready", "Ready for the road")]


def test_a_screen_added_later_leaves_every_label_room_for_two_lines(qtbot: QtBot) -> None:
    rail = ScreenRail()
    qtbot.addWidget(rail)
    for key, title in SCREENS:
        rail.add(key, title, "visits", QLabel(title))
    rail.resize(400, 600)
    rail.show()
    qtbot.waitExposed(rail)
    rail.add("dispatch", "Dispatch", "visits", QLabel("Dispatch"))
    qtbot.wait(50)  # the view lays items out on its next turn
    grid = rail.nav.gridSize()
    for row in range(rail.nav.count()):
        shown = rail.nav.visualItemRect(rail.nav.item(row))
        assert shown.height() >= grid.height() - 4, rail.nav.item(row).text()
