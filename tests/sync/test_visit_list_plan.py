"""On a lived-in replica -- 2 000 visits, 400 unsent notes, a thousand delivered
changes, and the statistics ``ANALYZE`` leaves behind -- the visit list still counts
each visit's unsent work through the per-visit indexes, not by scanning (issue 12:
75.6 ms through the wrong index at this size, 6.4 ms through the right one)."""

from __future__ import annotations

import sqlite_utils

from sync import outbox
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.sync.test_store import db, remote_ticket

__all__ = ["db"]  # the replica fixture

VISITS = 2_000
UNSENT_NOTES = 400
DELIVERED = 1_000


def lived_in(db: sqlite_utils.Database) -> None:
    with transaction(db):
        for n in range(1, VISITS + 1):
            ticket_store.apply_remote_ticket(db, remote_ticket(n))
    for n in range(UNSENT_NOTES + DELIVERED):
        outbox.add_note(db, 1 + n % VISITS, f"note {n}", author="alice", minutes=5)
    with transaction(db):  # most were sent long ago: delivered rows stay in the outbox
        db.execute("UPDATE outbox SET state = 'done' WHERE seq > ?", [UNSENT_NOTES])
        db.execute("UPDATE history SET id = -rowid WHERE id IS NULL AND rowid > ?", [UNSENT_NOTES])
    db.execute("ANALYZE")


def test_the_visit_list_uses_the_per_visit_indexes_on_a_lived_in_replica(
    db: sqlite_utils.Database,
) -> None:
    lived_in(db)
    plan = " | ".join(
        row[3] for row in db.execute("EXPLAIN QUERY PLAN " + ticket_store.LIST_VISITS_SQL)
    )
    assert "SEARCH h USING INDEX history_unsent (ticket_id=?)" in plan, plan
    assert "SEARCH o USING INDEX outbox_ticket_open (ticket_ref=?)" in plan, plan
    assert "SEARCH c USING INDEX conflicts_open (ticket_id=?)" in plan, plan
    visits = {v.id: v for v in ticket_store.list_visits(db)}
    assert sum(v.pending_changes for v in visits.values()) == UNSENT_NOTES
