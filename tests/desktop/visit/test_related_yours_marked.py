"""The Related tab marks the technician's own tickets, the ones a double-click opens: its
note said "double-click one of yours" and nothing said which were."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.visit.related_panel import RelatedPanel
from sync.store.related import Related


def related(number: int, owner: str, *, mine: bool) -> Related:
    return Related(
        id=number, subject="Reception printer jamming", status="open", owner=owner,
        site="Acme Dental", created="2026-11-20T09:00:00Z", visit_start=None,
        same_asset=False, mine=mine,
    )  # fmt: skip


def test_yours_are_marked_and_open_with_a_double_click(qtbot: QtBot) -> None:
    panel = RelatedPanel()
    qtbot.addWidget(panel)
    panel.set_related(
        [related(5, "Alice Moreau", mine=True), related(19, "Bob Okafor", mine=False)]
    )
    rows = [panel.list.topLevelItem(n) for n in range(2)]
    assert [row.text(4) for row in rows if row] == ["Alice Moreau (you)", "Bob Okafor"]
    assert "(you)" in panel.note.text()
    opened: list[int] = []
    panel.visit_requested.connect(opened.append)
    for row in rows:
        panel.list.itemActivated.emit(row, 0)
    assert opened == [5]
