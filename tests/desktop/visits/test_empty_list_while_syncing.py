"""An empty list while the first sync downloads the visits says they are coming.

It said "No visits here. Your visits appear here once the office assigns them",
for the minutes a first sync of hundreds of visits takes, while the tool bar said
"downloading visits 25 of 112": a technician read it as "nothing assigned".
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from desktop.visits.model import Scope

LINE = "Downloading visits: 25 of 112 — history"


def test_an_empty_list_says_a_sync_is_bringing_the_visits(qtbot: QtBot) -> None:
    shown = VisitsPage(QWidget())
    qtbot.addWidget(shown)
    shown.show()
    shown.set_scope(Scope.ALL)
    shown.set_visits([])
    assert shown.empty.text().startswith("No visits here.")

    shown.sync_progressed("pull", 25, 112, LINE)
    assert shown.empty.isVisible()
    assert shown.empty.text() == (
        f"A sync is under way — {LINE}. Your visits appear here when it is done."
    )
    shown.sync_progressed("files", 1, 4, "Fetching files: 1 of 4")  # in, not listed yet
    assert shown.empty.text().startswith("A sync is under way — Fetching files: 1 of 4.")

    shown.sync_progressed("pull", 25, 112, LINE)
    shown.sync_ended()
    assert shown.empty.text().startswith("No visits here.")
