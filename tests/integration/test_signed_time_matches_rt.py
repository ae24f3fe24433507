"""Resolving with the on-site timer running, then signing: the minutes on the report the
customer signs are RT's Time Worked after the sync.

Before, the customer signed "53 min worked" while RT ended at 153 min: the report read
the visit's time before the running timer was logged (if it ever was)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from desktop.visit.dialogs import StatusDialog
from desktop.visit.report import ServiceReportDialog, _minutes_text, report_html
from devrt.instance import RunningRT
from sync.profile import Profile
from sync.session import Session
from sync.stamps import STAMP_FORMAT
from sync.store import open_database, timers
from tests.desktop.conftest import alice, synced_replica  # noqa: F401 - fixtures
from tests.desktop.visit import helpers
from tests.desktop.visit.conftest import acme_printer_visit
from tests.integration.helpers import assert_one_signed_report, comments_with, server_ticket

pytestmark = pytest.mark.rt
ON_SITE = 98


def test_the_signed_minutes_are_rts_time_worked_after_resolving_with_a_running_timer(
    rt: RunningRT,
    alice: Profile,  # noqa: F811 - the fixture imported above
    qtbot: QtBot,
) -> None:
    db: sqlite_utils.Database = open_database(alice.database_path)
    messages = MessageBridge()
    messages.listen()
    panel = VisitDetail(db, alice, messages)
    qtbot.addWidget(panel)
    panel.show()
    visit = acme_printer_visit(db)
    panel.show_visit(visit.id)
    before = server_ticket(rt, visit.id).time_worked
    timers.start(db, visit.id, "on_site")
    started = datetime.now(UTC) - timedelta(minutes=ON_SITE)  # arrived 98 min ago
    db.execute("UPDATE visit_timers SET running_since = ?", [started.strftime(STAMP_FORMAT)])

    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    assert dialog.log_timers.isChecked() and dialog.sign_next.isChecked()
    qtbot.keyClicks(dialog.reason, "customer needs the printer back")
    qtbot.keyClicks(dialog.resolution, "Fuser replaced; test pages clean.")
    dialog.minutes.setValue(5)
    helpers.save(qtbot, panel, dialog)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, ServiceReportDialog))
    report = panel.dialog
    assert isinstance(report, ServiceReportDialog)
    signed_minutes = report.content.minutes
    assert not report.unlogged.isVisibleTo(report), "nothing left on a timer"
    assert f"<td>{_minutes_text(signed_minutes)}" in report_html(
        report.content, "Julie Marsh", datetime.now().astimezone()
    )
    qtbot.keyClicks(report.signer, "")  # the contact's name is prefilled
    helpers.draw_signature(report.pad)
    helpers.save(qtbot, panel, report)

    session = Session(alice)
    try:
        synced = session.sync()
    finally:
        session.close()
    assert synced.ok, synced

    after = server_ticket(rt, visit.id)
    assert after.fields["status"] == "resolved"
    assert after.time_worked == signed_minutes == before + ON_SITE + 5
    assert len(comments_with(rt, visit.id, f"Time on site: {ON_SITE} min (visit timer)")) == 1
    assert_one_signed_report(rt, visit.id)
    db.close()
