"""The serial number as the laptop has it, saved again, is not a change: nothing is queued.

Queued, it set RT's serial once more at the next sync; a colleague who corrected the
serial in RT meanwhile met a conflict, and "keep mine" undid their correction."""

from __future__ import annotations

import sqlite_utils

from sync import outbox
from sync.store import assets as store
from tests.sync.test_assets import db, open_rows

__all__ = ["db"]  # the fixture, used by name


def serial_of(db: sqlite_utils.Database, asset_id: int) -> str | None:
    asset = store.get_asset_row(db, asset_id)
    assert asset is not None
    return asset.serial


def test_the_serial_it_has_saved_again_queues_nothing(db: sqlite_utils.Database) -> None:
    assert outbox.set_asset_serial(db, 1, "  VNB3K00001 ") is None  # as scanned: spaces
    assert open_rows(db, "asset_serial") == []
    assert serial_of(db, 1) == "VNB3K00001"


def test_a_serial_corrected_back_to_rts_is_a_change(db: sqlite_utils.Database) -> None:
    """Back to the base value from a pending correction: queued, as any other."""
    assert outbox.set_asset_serial(db, 1, "VNB3K99999") is not None
    assert outbox.set_asset_serial(db, 1, "VNB3K00001") is not None
    assert serial_of(db, 1) == "VNB3K00001"
