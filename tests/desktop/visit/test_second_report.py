"""Sign & report a second time: the dialog says a report was signed, when and by whom, and
what was added since; the new report covers the day's work and replaces the first.

Before, the second dialog gave no sign of the first report and its Work done was empty
(a second PDF went to RT with "—"); and a report signed before the last note made the
Status dialog untick "Sign … next" with no hint that the report was out of date."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.dialogs import StatusDialog
from desktop.visit.report import ServiceReportDialog
from sync.profile import Profile
from sync.store import outbox as outbox_store
from sync.store.settings import set_setting
from tests.desktop.visit import helpers
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name


def test_a_second_report_says_the_first_and_covers_the_days_work(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    set_setting(local_db, "user", "alice")
    panel = local_panel(qtbot, profile, local_db)
    helpers.write_note(qtbot, panel, "Cleared the jam in tray 2.", public=True)
    helpers.set_status(qtbot, panel, "resolved", resolution="Test page prints clean.")
    first = helpers.sign_report(qtbot, panel, "Julie Marsh")
    day = "Cleared the jam in tray 2.\n\nResolution: Test page prints clean."
    assert first.work.toPlainText() == day
    assert not first.earlier.isVisibleTo(first), "the first report replaces nothing"

    panel.work_actions["report"].trigger()
    second = panel.dialog
    assert isinstance(second, ServiceReportDialog)
    assert second.work.toPlainText() == day, "not empty: the whole day's work"
    assert second.earlier.isVisibleTo(second)
    [note] = [r for r in outbox_store.rows(local_db) if "report" in r.payload.get("content", "")]
    assert note.payload["content"].startswith("Service report signed on site by Julie Marsh.\n")
    assert second.earlier.text().startswith("The report signed at ")
    assert second.earlier.text().endswith(
        " by Julie Marsh — nothing has been added since. This one replaces it."
    )
    second.reject()

    helpers.write_note(qtbot, panel, "Reseated the duplex unit.", public=True)
    third = helpers.sign_report(qtbot, panel, "Julie Marsh")
    assert third.work.toPlainText() == day + "\n\nReseated the duplex unit."
    assert third.earlier.text().endswith(
        " by Julie Marsh — added since: 1 note. This one covers all of today's work and"
        " replaces it."
    )
    latest = outbox_store.rows(local_db)[-1].payload["content"]
    assert latest.startswith(
        "Service report signed on site by Julie Marsh.\nThis report replaces the one signed on "
    )
    assert latest.splitlines()[1].endswith(" by Julie Marsh.")


def test_resolving_after_notes_the_signed_report_lacks_offers_to_sign_again(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    set_setting(local_db, "user", "alice")
    panel = local_panel(qtbot, profile, local_db)
    helpers.write_note(qtbot, panel, "Cleared the jam in tray 2.", public=True)
    helpers.sign_report(qtbot, panel, "Julie Marsh")
    panel.work_actions["status"].trigger()
    up_to_date = panel.dialog
    assert isinstance(up_to_date, StatusDialog)
    up_to_date.choose("resolved")
    assert not up_to_date.sign_next.isChecked(), "signed for all there is"
    assert up_to_date.sign_note.isVisibleTo(up_to_date)
    assert up_to_date.sign_note.text().endswith(
        " by Julie Marsh has all the work so far; the resolution will not be on it unless"
        " you sign again."
    )
    up_to_date.reject()

    helpers.write_note(qtbot, panel, "Replaced the pickup roller.", public=True)
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    assert dialog.sign_next.isChecked(), "out of date: signing again is offered"
    text = dialog.sign_note.text()
    assert text.startswith("⚠ The report signed at ")
    assert text.endswith(
        " by Julie Marsh is out of date: it leaves out 1 note. Sign a new one to replace it."
    )
    qtbot.keyClicks(dialog.resolution, "Test page prints clean.")
    helpers.save(qtbot, panel, dialog)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ServiceReportDialog))
    report = panel.dialog
    assert isinstance(report, ServiceReportDialog)
    assert report.work.toPlainText() == (
        "Cleared the jam in tray 2.\n\nReplaced the pickup roller.\n\n"
        "Resolution: Test page prints clean."
    )
    assert report.earlier.text().endswith(
        " by Julie Marsh — added since: 1 note and the resolution. This one covers all of"
        " today's work and replaces it."
    )
    report.reject()
