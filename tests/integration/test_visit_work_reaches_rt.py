"""A day's work on one visit done offline in the panel, then synced: RT gets each thing once."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from devrt.instance import RunningRT
from sync import outbox
from sync.account import Account, save_account
from sync.connectors.rt import FIELD_QUEUE, ticket_sql_quote
from sync.profile import Profile
from sync.session import Session
from sync.store import open_database
from tests.desktop.conftest import alice, synced_replica  # noqa: F401 - fixtures
from tests.desktop.visit import helpers
from tests.desktop.visit.conftest import acme_printer_visit
from tests.integration.helpers import (
    assert_one_signed_report,
    comments_with,
    connector,
    server_ticket,
)

pytestmark = pytest.mark.rt


def sync(profile: Profile) -> None:
    session = Session(profile)
    try:
        report = session.sync()
    finally:
        session.close()
    assert report.ok, report


def test_offline_work_in_the_panel_reaches_rt_exactly_once(
    rt: RunningRT,
    alice: Profile,  # noqa: F811 - the fixture imported above
    qtbot: QtBot,
    tmp_path: Path,
) -> None:
    db: sqlite_utils.Database = open_database(alice.database_path)
    messages = MessageBridge()
    messages.listen()
    panel = VisitDetail(db, alice, messages)
    qtbot.addWidget(panel)
    panel.show()
    visit = acme_printer_visit(db)
    panel.show_visit(visit.id)
    before = server_ticket(rt, visit.id)

    helpers.write_note(qtbot, panel, "Fuser replaced, tray 2 rollers too.", quick=(60, 15))
    helpers.write_note(qtbot, panel, "Julie, the printer is fixed.", public=True)
    helpers.record_parts(qtbot, panel, ["1 x HP RM2-5399 fuser"])
    helpers.record_serial(qtbot, panel, "VNB3K12399")
    helpers.escalate(qtbot, panel, "Third failure: ask HP for a swap.")
    helpers.drop_files(panel, [helpers.make_photo(tmp_path / "old-fuser.jpg")])
    qtbot.keyClicks(panel.dialog.text, "Old fuser.")  # type: ignore[union-attr]
    helpers.save(qtbot, panel, panel.dialog)  # type: ignore[arg-type]
    helpers.sign_report(qtbot, panel, "Julie Marsh")
    helpers.new_ticket(qtbot, panel, "Waiting-room screen flickers")
    helpers.set_status(qtbot, panel, "resolved", reason="customer needs the printer back")
    pending = len(outbox.rows(db))

    # No network: a sync fails as offline and loses nothing.
    save_account(
        alice, Account(url="http://127.0.0.1:9", user="alice", auth="token"), rt.token("alice")
    )
    session = Session(alice)
    try:
        assert session.sync().offline
    finally:
        session.close()
    assert len(outbox.rows(db)) == pending

    save_account(alice, Account(url=rt.url, user="alice", auth="token"), rt.token("alice"))
    sync(alice)
    sync(alice)  # a second run sends nothing again
    assert outbox.rows(db) == []

    assert len(comments_with(rt, visit.id, "Fuser replaced, tray 2 rollers too.")) == 1
    assert len(comments_with(rt, visit.id, "Julie, the printer is fixed.")) == 1
    assert len(comments_with(rt, visit.id, "ESCALATION: Third failure: ask HP for a swap.")) == 1
    [photo_note] = comments_with(rt, visit.id, "Old fuser.")
    assert [a.filename for a in photo_note.attachments] == ["old-fuser.jpg"]
    assert_one_signed_report(rt, visit.id)
    after = server_ticket(rt, visit.id)
    assert after.fields["status"] == "resolved"
    assert after.fields["parts_used"] == "1 x HP RM2-5399 fuser"
    assert after.fields["priority"] == "90"
    assert after.time_worked == before.time_worked + 75
    [asset] = connector(rt, "supervisor").fetch_assets(visit.id)
    assert asset.serial == "VNB3K12399"
    created = connector(rt, "supervisor").search_tickets(
        f"Queue = {ticket_sql_quote(FIELD_QUEUE)} AND Subject = 'Waiting-room screen flickers'",
        "Owner,CustomFields",
    )
    assert len(created) == 1
    panel.shutdown()
    db.close()
