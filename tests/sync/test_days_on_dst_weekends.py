"""'Today' and 'tomorrow' on the weekends summer time starts and ends (a New York laptop).

The day summer time ends is 25 hours long and the day it starts 23: a visit late on
such a Sunday is still that day's, and time logged just after midnight is that day's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlite_utils

from sync.attachments import downloads_for_upcoming_visits
from sync.readiness import check_ready
from sync.store import open_database, timers, transaction

SATURDAY_BEFORE_AUTUMN = datetime(2026, 10, 31, 14, 0, tzinfo=UTC)  # Sat 31 Oct, 10:00 EDT
AUTUMN_SUNDAY = datetime(2026, 11, 1, 15, 0, tzinfo=UTC)  # Sun 1 Nov, 10:00 EST
SPRING_SUNDAY = datetime(2026, 3, 8, 14, 0, tzinfo=UTC)  # Sun 8 Mar, 10:00 EDT


@pytest.fixture
def db(in_new_york: None) -> Iterator[sqlite_utils.Database]:
    database = open_database(None)
    yield database
    database.close()


def visit(db: sqlite_utils.Database, ticket_id: int, start: str, subject: str) -> None:
    with transaction(db):
        db["tickets"].insert(
            {"id": ticket_id, "subject": subject, "status": "open", "queue": "Field",
             "visit_start": start, "last_updated": "2026-10-20T12:00:00Z"},
            alter=False,
        )  # fmt: skip


def test_a_visit_late_on_the_long_sunday_is_ready_for_the_road_on_saturday(
    db: sqlite_utils.Database,
) -> None:
    visit(db, 7, "2026-11-02T04:15:00Z", "Night server swap")  # Sun 1 Nov, 23:15 EST
    visit(db, 8, "2026-11-02T05:15:00Z", "Monday, 00:15 EST")
    db["attachments"].insert(
        {"id": 70, "ticket_id": 7, "filename": "rack-plan.pdf",
         "content_type": "application/pdf", "size": 1000, "path": None},
        alter=False,
    )  # fmt: skip

    ready = check_ready(db, now=SATURDAY_BEFORE_AUTUMN)  # today and tomorrow

    assert [v.visit.subject for v in ready.visits] == ["Night server swap"]
    coming = downloads_for_upcoming_visits(db, now=SATURDAY_BEFORE_AUTUMN)
    assert coming.wanted == [70]  # its plan comes


@pytest.mark.parametrize(
    ("now", "logged", "today"),
    [
        # The long Sunday: 00:20 EDT is that Sunday's, 23:30 EDT on Saturday is not.
        (AUTUMN_SUNDAY, {"2026-11-01T03:30:00Z": 45, "2026-11-01T04:20:00Z": 30}, 30),
        # The short Sunday: 23:30 EST on Saturday is not that Sunday's, 00:10 EST is.
        (SPRING_SUNDAY, {"2026-03-08T04:30:00Z": 40, "2026-03-08T05:10:00Z": 15}, 15),
    ],
)
def test_time_logged_today_starts_at_the_local_midnight(
    db: sqlite_utils.Database, now: datetime, logged: dict[str, int], today: int
) -> None:
    visit(db, 9, "2026-03-01T15:00:00Z", "Night work")
    for created, minutes in logged.items():
        db.execute(
            "INSERT INTO history (ticket_id, type, created, creator, time_taken)"
            " VALUES (9, 'Comment', ?, 'alice', ?)",
            [created, minutes],
        )

    assert timers.logged_today(db, now=now) == {9: today}
    assert timers.day_minutes(db, 9, now) == today


def test_the_visit_just_after_midnight_is_todays_on_the_long_sunday(
    db: sqlite_utils.Database,
) -> None:
    visit(db, 8, "2026-11-01T04:30:00Z", "Midnight visit")  # Sun 1 Nov, 00:30 EDT

    assert [v.visit.subject for v in check_ready(db, now=AUTUMN_SUNDAY).visits] == [
        "Midnight visit"
    ]
