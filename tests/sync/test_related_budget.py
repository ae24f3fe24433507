"""What one sync may ask about related tickets is bounded, whatever the number of sites.

Over a double of our Connector interface: which listings the refresh asks for, and what
it keeps.  The real RT answers them in tests/integration/test_related_tickets.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from sync import related
from sync.connectors.base import FieldQueueChanges, RelatedTicket, RelatedTickets
from sync.store import open_database, transaction
from sync.store import related as store
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC).timestamp()
SERVED = "2026-12-02T10:00:00Z"
DUE = NOW + related.REFRESH_AFTER_S + 1


@dataclass
class Helpdesk:
    """Answers related listings; remembers what was asked."""

    listings: list[tuple[list[str], list[int], str | None]] = field(default_factory=list)
    change_cursors: list[tuple[str, int]] = field(default_factory=list)
    changed: list[RelatedTicket] = field(default_factory=list)
    complete: bool = True

    def related_tickets(
        self, sites: list[str], asset_ids: list[int], _after: str, updated: str | None
    ) -> RelatedTickets:
        self.listings.append((sites, asset_ids, updated))
        return RelatedTickets([], SERVED)

    def field_queue_changes(
        self, _after: str, cursor: tuple[str, int], _pages: int
    ) -> FieldQueueChanges:
        self.change_cursors.append(cursor)
        last = self.changed[-1] if self.changed else None
        moved = (last.last_updated, last.id) if last and not self.complete else (SERVED, 0)
        return FieldQueueChanges(list(self.changed), moved, self.complete)

    def fetch_assets(self, _ticket_id: int) -> list[Any]:
        return []


def with_visits(sites: int, assets: int = 0) -> sqlite_utils.Database:
    """A replica with open visits at ``sites`` sites, the first visits soonest."""
    db = open_database(None)
    with transaction(db):
        for n in range(sites):
            start = f"2026-12-{3 + n // 10:02d}T{8 + n % 10:02d}:00:00Z"
            visit = remote_ticket(100 + n, site=f"Site {n}", visit_start=start)
            ticket_store.apply_remote_ticket(db, visit)
        for n in range(assets):
            db.execute("INSERT INTO ticket_assets (ticket_id, asset_id) VALUES (?, ?)", [100, n])
    return db


def named(helpdesk: Helpdesk) -> list[int]:
    """How many sites and assets each listing named."""
    return [len(sites) + len(assets) for sites, assets, _ in helpdesk.listings]


def test_a_hundred_and_fifty_sites_come_over_two_syncs_in_bounded_listings() -> None:
    db, helpdesk = with_visits(150), Helpdesk()
    assert related.waiting(db, now=NOW) == 150
    related.refresh(db, helpdesk, now=NOW)  # type: ignore[arg-type]
    assert named(helpdesk) == [25, 25, 25, 25]  # not one listing naming 150 sites
    assert helpdesk.listings[0][0][:2] == ["Site 0", "Site 1"]  # the soonest visits first
    assert related.pending(db, "Site 120") and not related.pending(db, "Site 99")
    assert related.waiting(db, now=NOW) == 50

    helpdesk.listings.clear()
    related.refresh(db, helpdesk, now=NOW + 60)  # type: ignore[arg-type]
    assert named(helpdesk) == [25, 25]
    assert not related.pending(db, "Site 149")
    assert related.waiting(db, now=NOW + 60) == 0

    helpdesk.listings.clear()
    related.refresh(db, helpdesk, now=NOW + 120)  # type: ignore[arg-type]
    assert helpdesk.listings == [] and helpdesk.change_cursors == []


def test_known_sites_are_refreshed_by_one_change_listing_that_names_none() -> None:
    db, helpdesk = with_visits(150), Helpdesk()
    for later in (0, 60):
        related.refresh(db, helpdesk, now=NOW + later)  # type: ignore[arg-type]
    helpdesk.listings.clear()
    helpdesk.changed = [
        RelatedTicket(900, "Jam again", "new", "bob", "SITE  7", SERVED, SERVED, None),
        RelatedTicket(901, "Elsewhere", "new", "bob", "Not ours", SERVED, SERVED, None),
    ]
    assert related.refresh(db, helpdesk, now=DUE) == 1  # type: ignore[arg-type]
    assert helpdesk.listings == [] and helpdesk.change_cursors == [(SERVED, 0)]
    assert [r.id for r in store.related_to(db, 107, "Site 7", related.window_start(DUE))] == [900]
    assert [r.id for r in store.related_to(db, 108, "Not ours", "2000-01-01T00:00:00Z")] == []


def test_a_busy_queue_is_followed_over_several_syncs_from_where_it_stopped() -> None:
    db, helpdesk = with_visits(3), Helpdesk()
    related.refresh(db, helpdesk, now=NOW)  # type: ignore[arg-type]
    stamp = "2026-12-02T11:00:00Z"
    helpdesk.changed = [RelatedTicket(900, "Jam", "new", None, "Site 1", stamp, stamp, None)]
    helpdesk.complete = False
    related.refresh(db, helpdesk, now=DUE)  # type: ignore[arg-type]
    helpdesk.complete = True
    related.refresh(db, helpdesk, now=DUE + 60)  # type: ignore[arg-type]  # not 4 h later
    assert helpdesk.change_cursors == [(SERVED, 0), (stamp, 900)]
    related.refresh(db, helpdesk, now=DUE + 120)  # type: ignore[arg-type]
    assert len(helpdesk.change_cursors) == 2  # caught up: due again in 4 h


def test_equipment_is_asked_about_in_bounded_listings_the_most_overdue_first() -> None:
    db, helpdesk = with_visits(1, assets=60), Helpdesk()
    related.refresh(db, helpdesk, now=NOW)  # type: ignore[arg-type]
    assert named(helpdesk) == [25, 25, 11]
    helpdesk.listings.clear()
    related.refresh(db, helpdesk, now=DUE)  # type: ignore[arg-type]
    assert named(helpdesk) == [25, 25, 10]  # assets only: the site came with the changes
    assert {w for _, _, w in helpdesk.listings} == {SERVED}  # only what changed since


def test_a_visit_done_this_afternoon_still_counts_as_today_in_the_evening(
    in_new_york: None,
) -> None:
    db, helpdesk = open_database(None), Helpdesk()
    afternoon = "2026-12-02T20:00:00Z"  # 15:00 in New York, resolved since
    with transaction(db):
        visit = remote_ticket(7, site="Harbour Office", status="resolved", visit_start=afternoon)
        ticket_store.apply_remote_ticket(db, visit)
    evening = datetime(2026, 12, 3, 1, 0, tzinfo=UTC).timestamp()  # 20:00 in New York
    related.refresh(db, helpdesk, now=evening)  # type: ignore[arg-type]
    assert helpdesk.listings == [(["Harbour Office"], [], None)]


def test_a_laptop_from_before_the_change_listing_follows_changes_from_its_oldest_answer() -> None:
    db, helpdesk = with_visits(2), Helpdesk()
    with transaction(db):  # as the version before left it: watches, no change cursor
        store.set_watch(db, "site:site 0", NOW - 60, "2026-12-02T09:00:00Z")
        store.set_watch(db, "site:site 1", NOW - 60, "2026-12-02T09:30:00Z")
    related.refresh(db, helpdesk, now=NOW)  # type: ignore[arg-type]
    assert helpdesk.listings == [] and helpdesk.change_cursors == [("2026-12-02T09:00:00Z", 0)]
