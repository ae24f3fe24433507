"""Before anything is typed, the Equipment screen lists the equipment of today's visits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from sync import assets
from sync.local_days import local_days
from sync.stamps import STAMP_FORMAT, parse_stamp
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def at(hours: float) -> str:
    """A stamp ``hours`` after the start of NOW's day on the laptop's clock."""
    start, _end = local_days(NOW)
    return (parse_stamp(start) + timedelta(hours=hours)).strftime(STAMP_FORMAT)


def visit(db: sqlite_utils.Database, ticket_id: int, site: str, start: str) -> None:
    ticket_store.apply_remote_ticket(db, remote_ticket(ticket_id, site=site, visit_start=start))


def kit(db: sqlite_utils.Database, asset_id: int, site: str, name: str) -> None:
    store.upsert_remote_asset(db, remote_asset(asset_id, site=site, name=name), in_inventory=True)


def test_each_visit_in_time_order_its_own_equipment_first(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        visit(db, 2, "Café Lumière", at(14))
        visit(db, 1, "Acme Dental Clinic", at(9))
        visit(db, 3, "Elmgrove Medical Practice", at(24 + 9))  # tomorrow
        visit(db, 4, "Hartley & Finch", at(11))  # given to someone else
        for asset_id, site, name in [
            (10, "Acme Dental Clinic", "ACME-PC-01"),
            (11, "acme  dental clinic", "ACME-NAS"),  # the site however it is spelled
            (12, "Acme Dental Clinic", "ACME-PRN-02"),
            (20, "Café Lumière", "CAFE-TILL-1"),
            (30, "Elmgrove Medical Practice", "ELM-PHONE"),
            (40, "Hartley & Finch", "HF-DOCK"),
        ]:
            kit(db, asset_id, site, name)
        store.link(db, 1, 12)  # the printer the visit is about
        db.execute("UPDATE tickets SET gone = 'given to bob' WHERE id = 4")

    found = assets.equipment_of_the_day(db, now=NOW)

    names = [hit.asset.name for hit in found]
    assert names == ["ACME-PRN-02", "ACME-NAS", "ACME-PC-01", "CAFE-TILL-1"]
    assert found[0].warranty.label  # as the search's results: warranty and tickets with it
    db.close()


def test_a_day_without_visits_lists_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        visit(db, 3, "Elmgrove Medical Practice", at(24 + 9))
        kit(db, 30, "Elmgrove Medical Practice", "ELM-PHONE")
    assert assets.equipment_of_the_day(db, now=NOW) == []
    db.close()
