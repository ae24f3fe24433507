"""The Related tab says when a site's earlier tickets have not come yet."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.visit.related_panel import RelatedPanel
from sync.store.related import Related

JAM = Related(
    41,
    "Reception printer jamming again",
    "resolved",
    "bob",
    "Acme",
    "2026-11-01T08:00:00Z",
    None,
    same_asset=False,
    mine=False,
)


def test_a_site_still_waiting_for_its_earlier_tickets_says_so(qtbot: QtBot) -> None:
    panel = RelatedPanel()
    qtbot.addWidget(panel)
    panel.set_related([], pending=True)
    assert panel.note.text().startswith("Earlier tickets at this site come with the next sync.")
    panel.set_related([JAM])
    assert "next sync" not in panel.note.text()
    assert "refreshed every few hours" in panel.note.text()
    assert panel.list.topLevelItem(0).text(2) == "Reception printer jamming again"
