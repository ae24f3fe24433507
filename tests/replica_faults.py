"""Ways a replica file gets hurt on a laptop, done to a real file for the tests.

- ``corrupt_table``: garbage over the leaf pages of one table (a bad sector, a
  half-written page after a power cut);
- ``filled_replica``: a replica with a few hundred visits and their history,
  so tables span many pages, plus unsent changes made through the real kinds.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from bench.corpus import generate_tickets
from sync.changes.fields import set_fields
from sync.changes.note import add_note
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import transaction
from sync.store.outbox import mark_in_flight, rows
from sync.store.settings import set_cursor, set_setting
from sync.store.tickets import apply_remote_history, apply_remote_ticket, list_visits

GARBAGE = b"\xde\xad\xbe\xef" * 256


def leaf_pages(path: Path, table: str) -> list[int]:
    with closing(sqlite3.connect(path)) as conn:
        found = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
            [table],
        ).fetchall()
    return [page for (page,) in found]


def corrupt_table(path: Path, table: str, every: int = 3) -> int:
    """Overwrite every n-th leaf page of table (the file must be checkpointed); how many."""
    pages = leaf_pages(path, table)[::every]
    with closing(sqlite3.connect(path)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * page_size + 8)  # keep the page header's first bytes
            handle.write(GARBAGE[: page_size - 8])
    return len(pages)


def checkpoint(path: Path) -> None:
    """Fold the -wal into the file, as the last connection's close does."""
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def add_bulk_visits(db: sqlite_utils.Database, count: int = 300, first_id: int = 5000) -> None:
    """count visits with a dozen history entries each: tables that span many pages."""
    with transaction(db):
        for ticket, history in generate_tickets(count, 12, 7):
            moved = replace(ticket, id=first_id + ticket.id)
            apply_remote_ticket(db, moved)
            apply_remote_history(
                db, moved.id, [replace(t, id=t.id + first_id * 100) for t in history]
            )


ACCOUNT = {"url": "http://127.0.0.1:9", "user": "alice", "auth": "token"}


def sign_in_offline(profile: Profile) -> Profile:
    """The profile as sign-in leaves it (a helpdesk nobody answers at: no sync here)."""
    (profile.root / "account.json").write_text(json.dumps(ACCOUNT))
    return profile


def fill(profile: Profile, notes: int = 3) -> list[tuple[str, str]]:
    """300 visits with unsent work: notes, a status change, the first note in flight.

    Returns the outbox as (uuid, state); the file is checkpointed (no -wal).
    """
    db = open_replica(profile)
    try:
        add_bulk_visits(db)
        set_setting(db, "user", "alice")
        set_setting(db, "timezone", "Europe/Oslo")
        with transaction(db):
            set_cursor(db, "tickets", "2026-01-01T00:00:00Z")
        visit = list_visits(db)[10].id
        for i in range(notes):
            add_note(db, visit + i, f"Replaced the fuser, pass {i}.", author="alice", minutes=5)
        set_fields(db, visit, {"status": "resolved"})
        mark_in_flight(db, rows(db)[0])  # sent, reply lost: must be looked up first
        return [(r.uuid, r.state) for r in rows(db)]
    finally:
        db.close()
        checkpoint(profile.database_path)
