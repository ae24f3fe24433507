"""Before anything is typed, the Equipment screen lists the equipment of today's visits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
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
TOMORROW = 3


def at(hours: float) -> str:
    """A stamp ``hours`` after the start of NOW's day on the laptop's clock."""
    start, _end = local_days(NOW)
    return (parse_stamp(start) + timedelta(hours=hours)).strftime(STAMP_FORMAT)


@pytest.fixture
def day(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """Two visits today, one tomorrow, one today given to someone else; their sites' kit."""
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        for ticket_id, site, start in [
            (2, "Café Lumière", at(14)),
            (1, "Acme Dental Clinic", at(9)),
            (TOMORROW, "Elmgrove Medical Practice", at(24 + 9)),
            (4, "Hartley & Finch", at(11)),
        ]:
            ticket_store.apply_remote_ticket(
                db, remote_ticket(ticket_id, site=site, visit_start=start)
            )
        for asset_id, site, name in [
            (10, "Acme Dental Clinic", "ACME-PC-01"),
            (11, "acme  dental clinic", "ACME-NAS"),  # the site however it is spelled
            (12, "Acme Dental Clinic", "ACME-PRN-02"),
            (20, "Café Lumière", "CAFE-TILL-1"),
            (30, "Elmgrove Medical Practice", "ELM-PHONE"),
            (40, "Hartley & Finch", "HF-DOCK"),
        ]:
            store.upsert_remote_asset(
                db, remote_asset(asset_id, site=site, name=name), in_inventory=True
            )
        store.link(db, 1, 12)  # the printer the morning's visit is about
        db.execute("UPDATE tickets SET gone = 'given to bob' WHERE id = 4")
    yield db
    db.close()


def names(db: sqlite_utils.Database, **options: int) -> list[str]:
    return [hit.asset.name for hit in assets.equipment_of_the_day(db, now=NOW, **options)]


def test_each_visit_in_time_order_its_own_equipment_first(day: sqlite_utils.Database) -> None:
    assert names(day) == ["ACME-PRN-02", "ACME-NAS", "ACME-PC-01", "CAFE-TILL-1"]
    found = assets.equipment_of_the_day(day, now=NOW)
    assert found[0].warranty.label  # as the search's results: warranty and tickets with it


def test_the_visit_the_technician_is_on_comes_first_whatever_its_day(
    day: sqlite_utils.Database,
) -> None:
    assert names(day, first_visit=2) == ["CAFE-TILL-1", "ACME-PRN-02", "ACME-NAS", "ACME-PC-01"]
    assert names(day, first_visit=TOMORROW)[:2] == ["ELM-PHONE", "ACME-PRN-02"]


def test_a_big_site_does_not_push_a_later_visits_own_equipment_off_the_list(
    day: sqlite_utils.Database,
) -> None:
    with transaction(day):
        store.link(day, 2, 20)  # the afternoon's visit is about the café's till
    assert names(day, limit=2) == ["ACME-PRN-02", "CAFE-TILL-1"]


def test_a_day_without_visits_lists_nothing(day: sqlite_utils.Database) -> None:
    sunday = NOW + timedelta(days=2)
    assert assets.equipment_of_the_day(day, now=sunday) == []
