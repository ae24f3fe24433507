"""Files the helpdesk refused, and visits given away: not fetched ahead, said plainly."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlite_utils

from sync.attachments import downloads_for_upcoming_visits
from sync.readiness import check_ready
from sync.store import open_database

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def replica_with_todays_visits(start: str = "2026-12-02T15:00:00Z") -> sqlite_utils.Database:
    """#7 is the technician's, #8 went to bob while a note on it waited; a file each."""
    db = open_database(None)
    for ticket, gone in ((7, None), (8, "no longer assigned to you on the helpdesk")):
        db["tickets"].insert(
            {"id": ticket, "subject": f"Visit {ticket}", "status": "open", "queue": "Field",
             "visit_start": start, "last_updated": "2026-12-02T09:00:00Z", "gone": gone},
            alter=False,
        )  # fmt: skip
        db["attachments"].insert(
            {"id": ticket * 10, "ticket_id": ticket, "filename": f"plan-{ticket}.pdf",
             "content_type": "application/pdf", "size": 2048, "path": None},
            alter=False,
        )  # fmt: skip
    return db


def test_a_given_away_visit_is_neither_fetched_ahead_nor_on_the_road_list(
    in_new_york: None,
) -> None:
    db = replica_with_todays_visits()
    assert downloads_for_upcoming_visits(db, now=NOON).wanted == [70]
    check = check_ready(db, now=NOON)
    assert [v.visit.id for v in check.visits] == [7]
    assert [gap.what for gap in check.gaps if gap.kind == "file"] == [
        "#7 Visit 7: plan-7.pdf (#70)"
    ]


def test_a_refused_file_is_not_fetched_ahead_and_the_road_list_says_why(
    in_new_york: None,
) -> None:
    db = replica_with_todays_visits()
    db.execute("UPDATE attachments SET refused = '2026-12-02T11:00:00Z' WHERE id = 70")
    assert downloads_for_upcoming_visits(db, now=NOON).wanted == []
    check = check_ready(db, now=NOON)
    [gap] = [gap for gap in check.gaps if gap.kind == "file"]
    assert gap.refused and gap.what == "#7 Visit 7: plan-7.pdf (#70), refused by the helpdesk"
    assert check.download_bytes == 0  # nothing the fetch button could bring
