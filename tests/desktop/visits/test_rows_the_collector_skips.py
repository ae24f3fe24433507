"""The visit list keeps no object per visit that the garbage collector has to walk.

A full collection walks every tracked object with the interpreter's lock held (every
thread waits, the GUI thread too); with a dataclass per visit and one per row, 10 000
visits made each collection walk 30 000 more objects, 150-250 ms of frozen window on a
loaded machine (bench/gui_refresh_stall.py).  Plain tuples of strings, numbers, dates
and None are untracked at the collector's first pass.
"""

from __future__ import annotations

import gc

from desktop.visits.loader import load
from desktop.visits.model import Scope, VisitsModel
from desktop.visits.rows import RowCache
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


def test_a_read_of_the_visit_list_leaves_nothing_per_visit_for_the_collector(
    profile: Profile,
) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        for n in range(1, 41):
            start = f"2026-11-{1 + n % 20:02d}T09:00:00Z" if n % 5 else None
            ticket_store.apply_remote_ticket(
                db, remote_ticket(n, subject=f"Visit {n}", visit_start=start)
            )
    model = VisitsModel()
    model.set_scope(Scope.ALL)

    loaded = load(db, model.spec(), RowCache())
    model.set_arranged(loaded.arranged, loaded.work)
    gc.collect()

    rows = loaded.arranged.all
    assert len(rows) == 40
    assert [row for row in rows if gc.is_tracked(row)] == []
    # …and the list still hands out whole visits, as the replica lists them.
    shown = [v for r in range(model.rowCount()) if (v := model.visit_at(r)) is not None]
    assert sorted(shown, key=lambda v: v.id) == sorted(
        ticket_store.list_visits(db), key=lambda v: v.id
    )
    db.close()
