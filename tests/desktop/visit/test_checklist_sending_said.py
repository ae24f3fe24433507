"""The Checklist tab's header says "sent" only once RT has the checklist: offline, after
"Send to helpdesk", it waits in the Outbox and the header says so."""

from __future__ import annotations

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.detail import TAB_CHECKLIST
from sync.store import outbox as outbox_store

pytestmark = pytest.mark.rt


def test_the_header_says_waiting_until_the_helpdesk_has_it(
    panel: VisitDetail, db: sqlite_utils.Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel.tabs.setCurrentIndex(TAB_CHECKLIST)
    checklist = panel.checklist
    monkeypatch.setattr(checklist, "ask_reason", lambda _why: "customer needed the printer")
    assert "sent" not in checklist.summary.text()

    checklist.send_button.click()  # offline: no sync runs here

    assert checklist.summary.text().endswith(" · waiting to be sent")
    (row,) = outbox_store.rows(db)
    outbox_store.mark_done(db, row.seq)  # a sync delivered it
    panel.refresh()
    assert checklist.summary.text().endswith(" · sent")

    checklist.tree.setFocus()
    qtbot.waitUntil(checklist.tree.hasFocus)
    checklist.select_number(2)
    checklist.comment.setFocus()
    qtbot.keyClicks(checklist.comment, "Toner low")
    checklist.select_number(3)
    assert checklist.summary.text().endswith(" · changed since sent")
    checklist.send_button.click()
    assert checklist.summary.text().endswith(" · waiting to be sent")
