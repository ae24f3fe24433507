"""Discarding one of two waiting changes of a field leaves the visit showing the other.

A review of the day's diff (the window now lets a change never sent be discarded):
discarding either of "fuser" then "fuser, roller" showed the field empty, while the other
was still sent, and after the next pull the visit kept showing it empty for good.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from sync import outbox
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


def two_changes_of_parts(tmp_path: Path) -> tuple[sqlite_utils.Database, list[int]]:
    db = open_database(tmp_path / "fielddesk.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"parts_used": "fuser"})
    outbox.set_fields(db, 7, {"parts_used": "fuser, roller"})
    return db, [row.seq for row in outbox.rows(db)]


def test_discarding_the_later_one_shows_the_earlier_one(tmp_path: Path) -> None:
    db, (_first, second) = two_changes_of_parts(tmp_path)
    outbox.discard(db, second)
    assert ticket_store.working_values(db, 7)["parts_used"] == "fuser"


def test_discarding_the_earlier_one_keeps_the_later_one(tmp_path: Path) -> None:
    db, (first, _second) = two_changes_of_parts(tmp_path)
    outbox.discard(db, first)
    assert ticket_store.working_values(db, 7)["parts_used"] == "fuser, roller"


def test_discarding_the_only_one_shows_the_helpdesks_value(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fielddesk.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    before = ticket_store.working_values(db, 7)["parts_used"]
    outbox.set_fields(db, 7, {"parts_used": "fuser"})
    (row,) = outbox.rows(db)
    outbox.discard(db, row.seq)
    assert ticket_store.working_values(db, 7)["parts_used"] == before
