"""The service report the customer signs: internal notes stay out of its Work done and
its PDF, offered apart, unticked and marked internal.

Before, the Work done box and the PDF held the day's internal notes word for word
("Julie's alarm code is 4321") while the note dialog had said "Seen by your team only,
never by the customer"."""

from __future__ import annotations

from datetime import datetime

import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.visit.report import ServiceReportDialog, report_html
from sync.profile import Profile
from sync.store.settings import set_setting
from tests.desktop.visit import helpers
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

SECRET = "Julie's alarm code is 4321"
REPLY = "Replaced the pickup roller; test prints are clean."


def report_dialog(qtbot: QtBot, profile: Profile, db: sqlite_utils.Database) -> ServiceReportDialog:
    seed(db)
    set_setting(db, "user", "alice")
    panel = local_panel(qtbot, profile, db)
    helpers.write_note(qtbot, panel, SECRET)
    helpers.write_note(qtbot, panel, REPLY, public=True)
    panel.work_actions["report"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, ServiceReportDialog)
    return dialog


def test_an_internal_note_is_not_in_the_report_the_customer_signs(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    dialog = report_dialog(qtbot, profile, local_db)
    assert dialog.work.toPlainText() == REPLY, "the reply, which the customer saw anyway"
    page = report_html(dialog.values().content, "Julie Marsh", datetime(2026, 12, 6, 10, 0))
    assert REPLY in page
    assert "alarm code" not in page

    # Offered apart, unticked, said to be internal.
    # Not on the screen the customer signs until the technician asks for them.
    assert dialog.show_internal.isVisibleTo(dialog) and not dialog.internal.isVisibleTo(dialog)
    dialog.show_internal.click()
    assert dialog.internal.isVisibleTo(dialog) and dialog.internal.count() == 1
    item = dialog.internal.item(0)
    assert item.text() == SECRET and item.checkState() == Qt.CheckState.Unchecked
    assert "your team only" in dialog.internal_label.text()
    assert "not on the report" in dialog.internal_label.text()
    dialog.reject()


def test_an_internal_note_ticked_by_the_technician_goes_in_and_unticked_comes_out(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    dialog = report_dialog(qtbot, profile, local_db)
    item = dialog.internal.item(0)
    item.setCheckState(Qt.CheckState.Checked)
    assert dialog.work.toPlainText() == f"{REPLY}\n\n{SECRET}"
    page = report_html(dialog.values().content, "Julie Marsh", datetime(2026, 12, 6, 10, 0))
    assert "alarm code is 4321" in page.replace("&#x27;", "'"), "the technician chose it"

    item.setCheckState(Qt.CheckState.Unchecked)
    assert dialog.work.toPlainText() == REPLY
    dialog.reject()
