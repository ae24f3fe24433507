"""A tick in the Checklist tab after the visit was resolved and sent: the window counts it
as unsent (not "all sent") until a sync takes it, and the tab says it waits, whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visit.checklist_panel import ITEM, ChecklistPanel
from desktop.visit.detail import TAB_CHECKLIST
from sync import outbox
from sync.profile import Profile
from sync.store import checklists as store
from sync.store import transaction
from sync.workflow import resolve
from tests.desktop.visit.conftest import acme_printer_visit

pytestmark = pytest.mark.rt

SCAN_TEST = "Scan-to-email"  # item 10, not required


def resolved_and_sent(window: MainWindow, *, leaving: str | None = None) -> int:
    """The Acme printer visit with its checklist done (but ``leaving``), resolved, and
    everything delivered, as a sync leaves it; returns its number."""
    db = window.db
    ticket = acme_printer_visit(db).id
    for entry in store.checklists(db, ticket)[0].items:
        if leaving and entry.text.startswith(leaving):
            continue
        if entry.asks_value:
            store.set_value(db, ticket, entry.number, (entry.choices or ("48210",))[0], by="alice")
        else:
            store.tick(db, ticket, entry.number, True, by="alice")
    resolve(db, ticket, "Rollers replaced", minutes=30, author="alice")
    with transaction(db):  # a sync delivered the resolution and the checklist
        db.execute("UPDATE outbox SET state = 'done'")
    return ticket


def checklist_tab(window: MainWindow, qtbot: QtBot, ticket: int) -> ChecklistPanel:
    assert window.visits.select(ticket)
    window.visit_panel.tabs.setCurrentIndex(TAB_CHECKLIST)
    panel = window.visit_panel.checklist
    qtbot.waitUntil(lambda: panel.ticket_id == ticket and bool(panel.lists))
    return panel


def test_a_tick_after_resolving_counts_as_unsent_until_sent(alice: Profile, qtbot: QtBot) -> None:
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.auto_sync.stop()  # the test looks; no sync takes the change away meanwhile
    db = window.db
    ticket = resolved_and_sent(window, leaving=SCAN_TEST)
    window.refresh()
    assert "all sent" in window.indicator.text.text()

    panel = checklist_tab(window, qtbot, ticket)
    assert panel.summary.text().endswith(" · sent")
    (scan,) = [r for r in panel.item_rows() if r.text(ITEM).startswith("10. " + SCAN_TEST)]
    scan.setCheckState(ITEM, Qt.CheckState.Checked)  # Space on the row, as the tester did

    qtbot.waitUntil(lambda: "1 unsent" in window.indicator.text.text())
    assert "all sent" not in window.indicator.text.text()
    assert outbox.unsent_count(db) == 1
    assert panel.summary.text().endswith(" · waiting to be sent")
    # The label is whole at 1280 px: it wraps rather than being cut off.
    summary = panel.summary
    assert summary.wordWrap()
    assert summary.heightForWidth(summary.width()) <= summary.height()


def test_a_required_item_unticked_after_resolving_asks_why_then_goes(
    alice: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    window.auto_sync.stop()
    db = window.db
    ticket = resolved_and_sent(window)
    panel = checklist_tab(window, qtbot, ticket)
    asked: list[str] = []
    monkeypatch.setattr(panel, "ask_reason", lambda why: asked.append(why) or "jam again")

    (config,) = [r for r in panel.item_rows() if r.text(ITEM).startswith("9. Print a config")]
    config.setCheckState(ITEM, Qt.CheckState.Unchecked)

    qtbot.waitUntil(lambda: outbox.unsent_count(db) == 1)
    assert asked and "9 Print a configuration report" in asked[0]
    (row,) = [r for r in outbox.rows(db) if r.kind == "checklist"]
    assert "NOT DONE (required): jam again" in row.payload["content"]
    assert panel.summary.text().endswith(" · waiting to be sent")


def test_cancel_at_why_leaves_the_required_item_ticked(
    alice: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    window.auto_sync.stop()
    db = window.db
    ticket = resolved_and_sent(window)
    panel = checklist_tab(window, qtbot, ticket)
    monkeypatch.setattr(panel, "ask_reason", lambda _why: "")  # Cancel

    (config,) = [r for r in panel.item_rows() if r.text(ITEM).startswith("9. Print a config")]
    config.setCheckState(ITEM, Qt.CheckState.Unchecked)

    qtbot.waitUntil(lambda: store.item(db, ticket, 9).ticked)
    assert outbox.unsent_count(db) == 0
    assert not store.checklists(db, ticket)[0].not_queued
    assert panel.summary.text().endswith(" · sent")
