"""A sync brings each upcoming visit's first and newest files up to a budget; the rest waits.

A mail loop left 3 000 auto-replies with a logo each on one visit: every sync
downloaded all of them, one request each, before the technician could drive off.
A sync now brings a visit's first message's files (the request's photos, in a
mail loop the oldest) and its newest, 50 files (200 MB) in all, counting those
already on the laptop; the others stay listed, open on demand, and "Ready for the
road" fetches everything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from sync.attachments import VisitBudget, downloads_for_upcoming_visits
from sync.store import open_database

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
MB = 1024 * 1024


def replica(files: dict[int, list[int]]) -> sqlite_utils.Database:
    """Today's visits, each with files of the given sizes (ids ticket*10000 + n, oldest
    first), each file with a message of its own (its transaction, the same number)."""
    db = open_database(None)
    for ticket, sizes in files.items():
        db["tickets"].insert(
            {"id": ticket, "subject": f"Visit {ticket}", "status": "open", "queue": "Field",
             "visit_start": "2026-12-02T15:00:00Z", "last_updated": "2026-12-02T09:00:00Z"},
            alter=False,
        )  # fmt: skip
        for n, size in enumerate(sizes):
            db["attachments"].insert(
                {"id": ticket * 10000 + n, "ticket_id": ticket, "filename": f"logo-{n}.png",
                 "transaction_id": ticket * 10000 + n,
                 "content_type": "image/png", "size": size, "path": None},
                alter=False,
            )  # fmt: skip
    return db


def test_a_mail_loop_visit_brings_the_requests_and_the_newest_files_and_says_how_many_wait(
    in_new_york: None,
) -> None:
    db = replica({7: [2048] * 3000, 8: [4096] * 3})
    # The customer's request came with two photos of the fault; 2 998 auto-replies followed.
    db.execute("UPDATE attachments SET transaction_id = 70000 WHERE id = 70001")
    downloads = downloads_for_upcoming_visits(db, budget=VisitBudget(50, 200 * MB), now=NOON)
    assert downloads.wanted[:2] == [70001, 70000]  # the request's photos, though oldest
    assert downloads.wanted[2:50] == [70000 + n for n in range(2999, 2951, -1)]
    assert downloads.wanted[50:] == [80000, 80002, 80001]  # the other visit is not starved
    assert downloads.held_back == 2950


def test_files_already_on_the_laptop_count_against_the_budget(
    in_new_york: None, tmp_path: Path
) -> None:
    db = replica({7: [MB] * 5})
    for n in (3, 4):  # the two newest came down in an earlier sync
        kept = tmp_path / f"logo-{n}.png"
        kept.write_bytes(b"png")
        db.execute("UPDATE attachments SET path = ? WHERE id = ?", [str(kept), 70000 + n])
    downloads = downloads_for_upcoming_visits(db, budget=VisitBudget(3, 200 * MB), now=NOON)
    assert downloads.wanted == [70000]  # the first message's, then the two on the laptop
    assert downloads.held_back == 2


def test_the_size_budget_holds_back_older_files_but_never_a_visits_first(
    in_new_york: None,
) -> None:
    db = replica({7: [90 * MB, 90 * MB, 90 * MB], 8: [300 * MB]})
    downloads = downloads_for_upcoming_visits(
        db, max_bytes=500 * MB, budget=VisitBudget(50, 200 * MB), now=NOON
    )
    # 7: its first message's file and its newest (the middle one is held back); 8's
    # one file is over 200 MB, and still comes: a visit's first file always does.
    assert downloads.wanted == [70000, 70002, 80000]
    assert downloads.held_back == 1


def test_without_a_budget_every_missing_file_comes(in_new_york: None) -> None:
    db = replica({7: [2048] * 120})
    downloads = downloads_for_upcoming_visits(db, now=NOON)
    assert len(downloads.wanted) == 120
    assert downloads.held_back == 0
