"""The visit's address on the header's one line keeps its lines apart with commas:
"12 Harbour Street Portsmouth PO1 3AX" ran the street, the town and the postcode into
each other. Copy and Navigate still get it as written."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from sync.profile import Profile
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name
ADDRESS = "12 Harbour Street,\nPortsmouth\n\nPO1 3AX"  # one line ends with its comma


def test_the_address_lines_are_parted_by_commas(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, address=ADDRESS)
    panel = local_panel(qtbot, profile, local_db)
    panel.resize(1400, 740)
    header = panel.header
    qtbot.waitUntil(lambda: "…" not in header.site.text())
    assert "12 Harbour Street, Portsmouth, PO1 3AX" in header.site.text()
    header.copy_address.click()
    assert QGuiApplication.clipboard().text().endswith(ADDRESS)
