"""Related tickets in the replica: the upgrade that adds them, matching and forgetting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from sync import related
from sync.connectors.base import RelatedTicket
from sync.store import open_database, transaction
from sync.store import related as store
from sync.store import tickets as ticket_store
from sync.store.database import _apply, schema_version
from sync.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.sync.test_store import remote_ticket

RELATED_MIGRATION = next(i for i, m in enumerate(MIGRATIONS) if "related_tickets" in m)


def other(ticket_id: int, site: str | None, created: str = "2026-11-01T08:00:00Z") -> RelatedTicket:
    return RelatedTicket(
        ticket_id, f"Jam #{ticket_id}", "resolved", "bob", site, created, created, None
    )


def test_upgrade_from_the_schema_before_related_tickets_keeps_visits(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(connection)
    for script in MIGRATIONS[:RELATED_MIGRATION]:
        _apply(old, script)
    connection.execute(f"PRAGMA user_version = {RELATED_MIGRATION}")
    with transaction(old):
        ticket_store.apply_remote_ticket(old, remote_ticket(7, site="Acme Dental"))
    connection.close()

    upgraded = open_database(path)
    assert schema_version(upgraded) == SCHEMA_VERSION
    assert ticket_store.get_visit(upgraded, 7) is not None
    with transaction(upgraded):
        store.apply_related(upgraded, [other(40, "ACME  dental")])
    [found] = store.related_to(upgraded, 7, "Acme Dental", "2026-01-01T00:00:00Z")
    assert (found.id, found.mine, found.same_asset) == (40, False, False)


def test_site_names_match_whatever_their_case_and_spacing() -> None:
    assert store.site_key(" Café  LUMIÈRE Southsea ") == store.site_key("café lumière southsea")
    assert store.site_key("") is None and store.site_key(None) is None


def test_old_tickets_and_sites_no_visit_needs_are_forgotten(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, site="Acme"))
        store.apply_related(db, [other(40, "Acme"), other(41, "Elsewhere")])
        store.apply_related(db, [other(42, "Acme", created="2026-01-02T00:00:00Z")])
        store.set_watch(db, "site:elsewhere", 0.0, None)
        store.forget(db, {"site:acme"}, "2026-06-01T00:00:00Z")
    assert [r.id for r in store.related_to(db, 7, "Acme", "2000-01-01T00:00:00Z")] == [40]
    assert set(store.watches(db)) == set()
    assert related.window_start(0.0) == "1969-10-03T00:00:00Z"  # 90 days before the epoch
