"""A replica written here with one visit at a site and that site's equipment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from sync.connectors.base import AssetTicket, AssetTransaction
from sync.profile import Profile
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket

VISIT = 7
SITE = "Acme Dental Clinic"


def seed(db: sqlite_utils.Database) -> None:
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(VISIT, site=SITE, subject="Front-desk printer jams")
        )
        for asset_id in (1, 2, 3):
            store.upsert_remote_asset(
                db, remote_asset(asset_id, warranty=f"{2024 + asset_id}-06-30"), in_inventory=True
            )
        store.apply_remote_assets(db, VISIT, [remote_asset(1, warranty="2025-06-30")])
        store.apply_asset_tickets(
            db,
            remote_asset(1),
            {VISIT: AssetTicket(VISIT, "Printer jams", "open", "alice", "2026-11-20T08:00:00Z")},
        )
        store.apply_history(
            db,
            [
                AssetTransaction(60, 1, "Create", "2025-01-02T10:00:00Z", "dana", None, None, None),
                AssetTransaction(
                    61, 1, "Status", "2025-02-02T10:00:00Z", "dana", "Status", "new", "in-use"
                ),
            ],
        )


@pytest.fixture
def site_db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.ensure().database_path)
    seed(database)
    yield database
    database.close()
