"""'Today' is the laptop's day: the Ready view and the files that come down agree on it."""

from __future__ import annotations

from datetime import UTC, datetime

from sync.attachments import downloads_for_upcoming_visits
from sync.local_days import local_days
from sync.readiness import check_ready
from sync.store import open_database

NEW_YORK_EVENING = datetime(2026, 12, 3, 1, 0, tzinfo=UTC)  # 2 Dec, 20:00 in New York


def test_the_local_day_is_not_greenwichs(in_new_york: None) -> None:
    assert local_days(NEW_YORK_EVENING) == ("2026-12-02T05:00:00Z", "2026-12-03T05:00:00Z")
    assert local_days(NEW_YORK_EVENING, 2)[1] == "2026-12-04T05:00:00Z"


def test_this_afternoons_visit_is_todays_for_the_ready_view_and_for_its_files(
    in_new_york: None,
) -> None:
    db = open_database(None)
    db["tickets"].insert(
        {"id": 7, "subject": "Printer jams", "status": "open", "queue": "Field",
         "visit_start": "2026-12-02T20:00:00Z", "last_updated": "2026-12-02T12:00:00Z"},
        alter=False,
    )  # fmt: skip
    db["attachments"].insert(
        {
            "id": 70,
            "ticket_id": 7,
            "filename": "manual.pdf",
            "content_type": "application/pdf",
            "size": 1000,
            "path": None,
        },
        alter=False,
    )
    assert [v.visit.id for v in check_ready(db, now=NEW_YORK_EVENING).visits] == [7]
    assert downloads_for_upcoming_visits(db, now=NEW_YORK_EVENING).wanted == [70]
