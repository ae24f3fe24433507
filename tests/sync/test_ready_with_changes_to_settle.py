"""Ready for the road is not "ready" while a change on the next visits waits for the
technician: a conflict to decide, a change the helpdesk refused.

It said "✔ Ready for the road" with a refused change and a conflict on tomorrow's visit.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sync import outbox
from sync.connectors.base import RemoteArticle
from sync.readiness import check_ready
from sync.store import open_database, transaction
from sync.store import outbox as outbox_store
from sync.store.kb import apply_remote_articles
from sync.store.settings import LAST_SYNC_SETTING, set_setting

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_a_conflict_and_a_refused_change_on_todays_visit_need_settling(in_new_york: None) -> None:
    db = open_database(None)
    with transaction(db):
        db.table("tickets").insert(
            {"id": 7, "subject": "Printer jams", "status": "open", "queue": "Field",
             "visit_start": "2026-12-02T15:00:00Z", "last_updated": "2026-12-02T09:00:00Z"},
            alter=False,
        )  # fmt: skip
        db.table("history").insert(
            {"id": 1, "ticket_id": 7, "type": "Create", "created": "2026-12-01T09:00:00Z"},
            alter=False,
        )
        apply_remote_articles(db, [RemoteArticle(1, "Jams", "", "Clear tray 2", "x", False)])
        db.table("conflicts").insert(
            {"ticket_id": 7, "field": "parts_used", "base": None, "mine": "Fuser",
             "theirs": "Roller", "created": "2026-12-02T10:00:00Z"},
            alter=False,
        )  # fmt: skip
        set_setting(db, LAST_SYNC_SETTING, "2026-12-02T11:30:00Z")  # half an hour ago
    outbox.add_note(db, 7, "Toner ordered", author="alice")
    (row,) = outbox_store.rows(db)
    outbox_store.mark_rejected(db, row.seq, "You are not allowed to comment")

    check = check_ready(db, now=NOON)

    assert check.gaps == []  # nothing to download
    assert not check.ready
    assert [gap.what for gap in check.to_settle] == [
        "#7 Printer jams: 1 conflict to decide (Conflicts)",
        "#7 Printer jams: 1 change the helpdesk refused (Outbox)",
    ]
