"""Ready for the road does not call a sync fresh because the laptop's clock went back.

The laptop synced while its clock was two days ahead; NTP put it right since.  Thirty
hours later the replica is thirty hours old, not "synced just now".
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils

from sync.connectors.base import RemoteArticle
from sync.readiness import check_ready
from sync.store import open_database, transaction
from sync.store.kb import apply_remote_articles
from sync.store.settings import record_successful_sync

SYNCED = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # real time


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_database(None)
    with transaction(database):
        apply_remote_articles(database, [RemoteArticle(1, "Jams", "", "Clear tray 2", "x", False)])
    yield database
    database.close()


def synced_with_clock_at(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch, clock_reads: datetime
) -> None:
    class LaptopClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> LaptopClock:  # type: ignore[override]
            return clock_reads  # type: ignore[return-value]

    with monkeypatch.context() as patched:
        patched.setattr("sync.store.settings.datetime", LaptopClock)
        record_successful_sync(db)


def stale(db: sqlite_utils.Database, now: datetime) -> list[str]:
    return [gap.what for gap in check_ready(db, now=now).gaps if gap.kind == "stale"]


def test_a_sync_stamped_by_a_clock_ahead_is_not_fresh_once_the_clock_is_put_right(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced_with_clock_at(db, monkeypatch, SYNCED + timedelta(days=2))

    assert stale(db, SYNCED + timedelta(hours=30)) == [
        "the laptop's clock was set back since the last complete sync: sync to be sure"
    ]


def test_a_fresh_sync_is_fresh_and_an_old_one_old(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced_with_clock_at(db, monkeypatch, SYNCED)

    assert stale(db, SYNCED + timedelta(hours=2)) == []
    assert stale(db, SYNCED + timedelta(hours=13)) == [
        "the last complete sync is more than 12 hours old"
    ]
