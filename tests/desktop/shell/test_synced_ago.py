"""The status bar's "synced …" reads the laptop's own clock: right after a sync it says
"just now", even when the helpdesk's clock is hours away (its time is what the offline
limit counts from, ``sync.last_sync``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.shell.sync_status import ago
from sync.stamps import STAMP_FORMAT
from sync.store import open_database
from sync.store.settings import last_successful_sync, record_successful_sync


def test_right_after_a_sync_it_says_just_now_whatever_the_helpdesks_clock(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    try:
        for hours in (-3, 0, 3):  # the helpdesk's clock behind, right, ahead
            helpdesk_now = datetime.now(UTC) + timedelta(hours=hours)
            record_successful_sync(db, helpdesk_now.strftime(STAMP_FORMAT))
            assert ago(last_successful_sync(db)) == "just now", hours
    finally:
        db.close()
