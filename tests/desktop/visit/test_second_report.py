"""Sign & report a second time: what the first report was signed for is not offered again."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.report import ServiceReportDialog
from sync.profile import Profile
from sync.store.settings import set_setting
from tests.desktop.visit import helpers
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name


def test_a_second_report_offers_only_the_work_since_the_first(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    set_setting(local_db, "user", "alice")
    panel = local_panel(qtbot, profile, local_db)
    helpers.write_note(qtbot, panel, "Cleared the jam in tray 2.")
    helpers.set_status(qtbot, panel, "resolved", resolution="Test page prints clean.")
    first = helpers.sign_report(qtbot, panel, "Julie Marsh")
    assert first.work.toPlainText() == (
        "Cleared the jam in tray 2.\n\nResolution: Test page prints clean."
    )

    panel.work_actions["report"].trigger()
    second = panel.dialog
    assert isinstance(second, ServiceReportDialog)
    assert second.work.toPlainText() == "", "the first report was signed for all of it"
    second.reject()

    helpers.write_note(qtbot, panel, "Reseated the duplex unit.")
    panel.work_actions["report"].trigger()
    third = panel.dialog
    assert isinstance(third, ServiceReportDialog)
    assert third.work.toPlainText() == "Reseated the duplex unit."
    third.reject()
