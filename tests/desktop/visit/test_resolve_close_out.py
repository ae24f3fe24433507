"""Resolving closes the visit out in one step: the resolution note and its time with the
status, one durable local transaction, then the signed service report is offered."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.visit.dialogs import StatusDialog
from desktop.visit.report import ServiceReportDialog
from sync.profile import Profile
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from tests.desktop.visit.helpers import save
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name


def test_resolving_asks_for_the_note_and_time_then_offers_the_signature(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    panel = local_panel(qtbot, profile, local_db)
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    assert dialog.close_out.isHidden(), "only resolving asks for a resolution"
    dialog.choose("resolved")
    assert dialog.resolution.isVisibleTo(dialog) and dialog.minutes.isVisibleTo(dialog)
    assert dialog.sign_next.isChecked(), "no signed report yet: the signature is offered"
    assert not dialog.save_button.isEnabled(), "not without saying how it was resolved"

    qtbot.keyClicks(dialog.resolution, "Replaced the pickup roller; test page clean.")
    dialog.minutes.setValue(45)
    save(qtbot, panel, dialog)

    visit = ticket_store.get_visit(local_db, VISIT)
    assert visit is not None and visit.status == "resolved"
    rows = outbox_store.rows(local_db)
    assert [row.kind for row in rows] == ["note", "set_fields"]
    assert rows[0].payload["time_taken"] == 45
    assert "Replaced the pickup roller" in rows[0].payload["content"]
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ServiceReportDialog))
    report = panel.dialog
    assert isinstance(report, ServiceReportDialog)
    assert report.windowTitle().endswith("on #3 · Elmgrove Medical Practice")
    report.reject()


def test_a_failed_resolution_writes_nothing(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    """One transaction: the status is refused (already resolved elsewhere), so the note
    that goes with it is not left behind on its own."""
    seed(local_db)
    panel = local_panel(qtbot, profile, local_db)
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    qtbot.keyClicks(dialog.resolution, "Done.")
    dialog.sign_next.setChecked(False)
    local_db.execute("UPDATE tickets SET status = 'resolved' WHERE id = ?", [VISIT])
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert panel.dialog is dialog, "refused: the dialog stays with what was typed"
    assert outbox_store.rows(local_db) == []
    dialog.reject()
