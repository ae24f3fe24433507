"""A phone or e-mail button the contact row squeezes (150 % on a 1280-px screen) shows
its value cut with "…", never cut mid-character at its edge; the tooltip, the name a
screen reader hears and the copy keep the whole value."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from sync.profile import Profile
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

NUMBER = "+44 23 9200 8810"
ADDRESS = "office@quaypoint.example"


def test_a_squeezed_contact_button_elides_and_copies_the_whole_value(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, contact=f"Dana Quay, {NUMBER}, {ADDRESS}")
    panel = local_panel(qtbot, profile, local_db)
    header = panel.header
    for squeezed, value in ((header.phone_buttons[0], NUMBER), (header.email_buttons[0], ADDRESS)):
        asked = squeezed.text()  # as much as it asks room for
        squeezed.resize(squeezed.sizeHint().width() - 30, squeezed.height())
        room = squeezed.contentsRect().width()
        metrics = squeezed.fontMetrics()
        assert metrics.horizontalAdvance(squeezed.text()) < room, "its text fits the button"
        assert "…" in squeezed.text()
        assert value in squeezed.toolTip()
        assert value in squeezed.accessibleName()
        qtbot.mouseClick(squeezed, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == value
        squeezed.resize(squeezed.sizeHint())  # room again: as much as before
        assert squeezed.text() == asked
