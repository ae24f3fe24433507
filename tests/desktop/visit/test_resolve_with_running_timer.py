"""Resolving with the visit timer running: its time is logged before the customer signs.

Before, the Status dialog never mentioned the running timer, "Time spent" stayed 0, a
reminder came as a message after saving with the signature dialog straight over it,
and the customer signed "53 min worked" while RT ended at 153 min once the timer was
logged.  Now the dialog shows the timer and logs it with the resolution (ticked); the
report says the time with it; unticked, both dialogs say what is left out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.dialogs import StatusDialog
from desktop.visit.report import ServiceReportDialog, _minutes_text, report_html
from sync.profile import Profile
from sync.stamps import STAMP_FORMAT
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from sync.store import timers
from sync.store.settings import set_setting
from tests.desktop.visit.helpers import save
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name
ON_SITE = 98  # minutes on the running timer


def timer_running_for(db: sqlite_utils.Database, minutes: int) -> None:
    timers.start(db, VISIT, "on_site")
    when = datetime.now(UTC) - timedelta(minutes=minutes)  # started before this process
    db.execute("UPDATE visit_timers SET running_since = ?", [when.strftime(STAMP_FORMAT)])


def resolving(qtbot: QtBot, panel: VisitDetail) -> StatusDialog:
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    qtbot.keyClicks(dialog.resolution, "Replaced the pickup roller; test page clean.")
    return dialog


def report_after(qtbot: QtBot, panel: VisitDetail, dialog: StatusDialog) -> ServiceReportDialog:
    save(qtbot, panel, dialog)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ServiceReportDialog))
    report = panel.dialog
    assert isinstance(report, ServiceReportDialog)
    return report


def resolving_with_the_timer_on(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> tuple[int, VisitDetail, StatusDialog]:
    """The visit's minutes worked so far, its panel, and the Status dialog resolving it
    with the on-site timer running for ON_SITE minutes."""
    seed(local_db)
    set_setting(local_db, "user", "alice")
    worked = ticket_store.get_visit(local_db, VISIT).time_worked  # type: ignore[union-attr]
    timer_running_for(local_db, ON_SITE)
    panel = local_panel(qtbot, profile, local_db)
    return worked, panel, resolving(qtbot, panel)


def test_the_running_timer_is_logged_with_the_resolution_before_the_signature(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    worked, panel, dialog = resolving_with_the_timer_on(qtbot, profile, local_db)
    assert dialog.timer_line.isVisibleTo(dialog)
    assert dialog.timer_line.text().startswith("⏱ On-site timer running: 1:38:")
    assert dialog.log_timers.isChecked(), "logged with the resolution unless unticked"
    assert dialog.log_timers.text() == "&Log the timer's time with the resolution (it stops)"
    assert dialog.besides.isVisibleTo(dialog) and dialog.besides.text() == (
        "besides the timer's time"
    )
    assert not dialog.timer_warning.isVisibleTo(dialog)
    assert dialog.sign_next.isChecked()
    dialog.minutes.setValue(5)

    report = report_after(qtbot, panel, dialog)
    assert report.content.minutes == worked + ON_SITE + 5
    in_all = _minutes_text(worked + ON_SITE + 5)
    assert report.summary.text().startswith(f"On the report: ⏱ {in_all} worked")
    assert not report.unlogged.isVisibleTo(report) and not report.log_button.isVisibleTo(report)
    assert f"<td>{in_all}" in report_html(
        report.content, "Julie Marsh", datetime.now().astimezone()
    )
    assert [row.kind for row in outbox_store.rows(local_db)] == [
        "time_entry",
        "note",
        "set_fields",
    ]
    assert outbox_store.rows(local_db)[0].payload["time_taken"] == ON_SITE
    assert timers.running(local_db) is None
    report.reject()


def test_a_timer_left_running_is_said_in_both_dialogs_and_can_be_logged_before_signing(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    worked, panel, dialog = resolving_with_the_timer_on(qtbot, profile, local_db)
    dialog.log_timers.setChecked(False)
    assert dialog.timer_warning.isVisibleTo(dialog) and not dialog.besides.isVisibleTo(dialog)
    assert dialog.timer_warning.text() == (
        "⚠ The service report and RT's time worked will leave out the timer's time;"
        " the timer keeps it until you stop it."
    )

    report = report_after(qtbot, panel, dialog)
    assert report.content.minutes == worked
    assert report.unlogged.isVisibleTo(report)
    assert report.unlogged.text().startswith("⚠ Not on this report: ⏱ On-site timer running: 1:38:")
    assert "not included: 1 h 38 min on the visit timer, not logged yet" in report_html(
        report.content, "Julie Marsh", datetime.now().astimezone()
    )
    qtbot.keyClicks(report.work, " Customer happy.")
    qtbot.mouseClick(report.log_button, Qt.MouseButton.LeftButton)
    assert report.content.minutes == worked + ON_SITE
    assert not report.unlogged.isVisibleTo(report) and not report.log_button.isVisibleTo(report)
    assert "Customer happy." in report.work.toPlainText(), "what was typed stays"
    assert [row.kind for row in outbox_store.rows(local_db)] == [
        "note",
        "set_fields",
        "time_entry",
    ]
    report.reject()
