"""The window's badge counts what the Conflicts screen lists: open ones of both kinds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from sync.asset_conflicts import open_asset_conflicts
from sync.conflict_count import open_conflict_count
from sync.conflicts import open_conflicts
from sync.store import open_database, transaction

NOW = "2026-03-02T10:00:00Z"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "replica.db")
    yield database
    database.close()


def add(db: sqlite_utils.Database, table: str, owner: str, resolved: str | None) -> None:
    db.execute(
        f"INSERT INTO {table} ({owner}, field, mine, theirs, created, resolved)"
        " VALUES (7, 'site', 'a', 'b', ?, ?)",
        [NOW, resolved],
    )


def test_the_count_is_the_open_conflicts_on_visits_and_assets(db: sqlite_utils.Database) -> None:
    assert open_conflict_count(db) == 0
    with transaction(db):
        add(db, "conflicts", "ticket_id", None)
        add(db, "conflicts", "ticket_id", None)
        add(db, "conflicts", "ticket_id", "mine")
        add(db, "asset_conflicts", "asset_id", None)  # of an asset not in the replica
        add(db, "asset_conflicts", "asset_id", "theirs")
    assert open_conflict_count(db) == 3
    assert open_conflict_count(db) == len(open_conflicts(db)) + len(open_asset_conflicts(db))
