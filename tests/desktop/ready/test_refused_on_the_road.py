"""Ready for the road, when what is missing is a file the helpdesk refused."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.ready.view import ReadyView
from sync import outbox
from sync.local_days import local_days
from sync.store import outbox as outbox_store
from sync.store.settings import record_successful_sync
from tests.sync.test_refused_files import replica_with_todays_visits


def test_a_refused_file_is_not_offered_as_something_to_fetch(qtbot: QtBot) -> None:
    db = replica_with_todays_visits(start=local_days(None)[0])  # today, first thing
    db.execute("UPDATE attachments SET refused = '2026-12-02T11:00:00Z' WHERE id = 70")
    # All else is here: the visit's history, the KB, a sync just now.
    db["history"].insert({"id": 700, "ticket_id": 7, "type": "Create", "created": "2026-12-01"})
    db["articles"].insert({"id": 1, "name": "Printer jams"})
    record_successful_sync(db)
    view = ReadyView(db)
    qtbot.addWidget(view)
    view.refresh()

    assert view.table.rowCount() == 1  # the visit given to bob is not on the road list
    assert [view.gaps.item(i).text() for i in range(view.gaps.count())] == [
        "#7 Visit 7: plan-7.pdf (#70), refused by the helpdesk"
    ]
    verdict = view.verdict.text()
    assert "ask your supervisor" in verdict and "to download" not in verdict
    assert "Fetch them" not in verdict


def test_a_refused_change_on_todays_visit_is_not_ready_and_says_where_to_settle(
    qtbot: QtBot,
) -> None:
    db = replica_with_todays_visits(start=local_days(None)[0])
    db.execute("DELETE FROM attachments")  # nothing to fetch: only the change waits
    db["history"].insert({"id": 700, "ticket_id": 7, "type": "Create", "created": "2026-12-01"})
    db["articles"].insert({"id": 1, "name": "Printer jams"})
    record_successful_sync(db)
    outbox.add_note(db, 7, "Toner ordered", author="alice")
    (row,) = outbox_store.rows(db)
    outbox_store.mark_rejected(db, row.seq, "You are not allowed to comment")
    view = ReadyView(db)
    qtbot.addWidget(view)
    view.refresh()

    verdict = view.verdict.text()
    assert "Not ready yet: 1 change waiting for you" in verdict and "✔" not in verdict
    assert "Settle the changes in Conflicts and the Outbox" in verdict
    assert [view.gaps.item(i).text() for i in range(view.gaps.count())] == [
        "#7 Visit 7: 1 change the helpdesk refused (Outbox)"
    ]
