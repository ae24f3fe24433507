"""A wrong laptop clock does not erase the profile and its unsent work; a lost laptop
still locks and erases itself, and setting its clock back does not unlock it.

IT's limits here: visits locked after 7 days without a successful sync, data erased
after 30.  The laptop's clock is injected: where the replica records a sync (the
settings' clock) and where it is opened (``now``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.account import Account, save_account
from sync.data_policy import DataPolicy
from sync.lost_laptop import VisitsLocked, check_opening, opening_standing, require_unlocked
from sync.profile import Profile
from sync.profile_key import create_key, load_key
from sync.replica import open_replica
from sync.store import transaction
from sync.store.settings import LAST_SYNC_SETTING, record_successful_sync, set_setting
from sync.wipe import ProfileWiped

POLICY = DataPolicy(lock_after_days=7, wipe_after_days=30)
REAL_NOW = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)
NOTE = "Replaced fuser, customer signed"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Laptop:
    """Alice's laptop: a signed-in profile with a visit and a note not sent yet."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.profile = Profile(root).ensure()
        save_account(self.profile, Account("https://rt.example.com", "alice", "token"), "s3cret")
        create_key(self.profile.root)
        self.db: sqlite_utils.Database = open_replica(self.profile)
        with transaction(self.db):
            self.db["tickets"].insert(
                {"id": 7, "subject": "Printer jams", "status": "open", "queue": "Field",
                 "last_updated": "2026-12-01T09:00:00Z"},
                alter=False,
            )  # fmt: skip
        outbox.add_note(self.db, 7, NOTE, author="alice", minutes=90)
        self.monkeypatch = monkeypatch

    def synced(self, *, clock_reads: datetime, helpdesk_time: datetime | None = None) -> None:
        """A successful sync while the laptop's clock read ``clock_reads``."""

        class LaptopClock(datetime):
            @classmethod
            def now(cls, tz: object = None) -> LaptopClock:  # type: ignore[override]
                return clock_reads  # type: ignore[return-value]

        with self.monkeypatch.context() as patched:
            patched.setattr("sync.store.settings.datetime", LaptopClock)
            if helpdesk_time is None:
                record_successful_sync(self.db)
            else:
                record_successful_sync(self.db, stamp(helpdesk_time))

    def opened(self, clock_reads: datetime) -> str:
        """The profile opened while the laptop's clock reads this: its state."""
        return check_opening(self.profile, self.db, POLICY, clock_reads).state

    def kept(self) -> bool:
        """The replica's key and the unsent note are still there."""
        unsent = [row for row in outbox.rows(self.db) if row.state in outbox.OPEN_STATES]
        return load_key(self.profile.root) is not None and len(unsent) == 1


@pytest.fixture
def laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Laptop]:
    machine = Laptop(tmp_path / "alice", monkeypatch)
    yield machine
    machine.db.close()


def test_a_date_set_a_month_ahead_locks_the_visits_but_erases_nothing(laptop: Laptop) -> None:
    laptop.synced(clock_reads=REAL_NOW - timedelta(hours=2))
    typed_wrong = REAL_NOW + timedelta(days=31)  # someone set the date a month ahead

    standing = check_opening(laptop.profile, laptop.db, POLICY, typed_wrong)

    assert standing.state == "locked" and laptop.kept()
    with pytest.raises(VisitsLocked, match="Sync to unlock them"):
        require_unlocked(standing, typed_wrong)
    assert standing.wipe_at is not None and standing.wipe_at >= typed_wrong + timedelta(days=1)
    assert "FieldDesk erases its data here" in (standing.message(typed_wrong) or "")
    # Opened again the same evening, still with the wrong date: nothing erased either.
    assert laptop.opened(typed_wrong + timedelta(hours=6)) == "locked" and laptop.kept()


def test_a_sync_with_the_date_still_a_month_ahead_unlocks_the_visits(laptop: Laptop) -> None:
    laptop.synced(clock_reads=REAL_NOW - timedelta(hours=2))
    typed_wrong = REAL_NOW + timedelta(days=31)
    assert laptop.opened(typed_wrong) == "locked"

    # "Sync to unlock them": the helpdesk's clock says today, the laptop's a month on.
    laptop.synced(clock_reads=typed_wrong, helpdesk_time=REAL_NOW)

    assert laptop.opened(typed_wrong + timedelta(minutes=5)) == "fine"
    assert laptop.opened(typed_wrong + timedelta(days=2)) == "fine" and laptop.kept()


def test_a_sync_stamped_by_a_clock_31_days_behind_erases_nothing_when_ntp_puts_it_right(
    laptop: Laptop,
) -> None:
    """The last sync as an older FieldDesk recorded it: by a clock 31 days behind (a flat
    CMOS battery), ten minutes ago.  NTP has put the clock right since."""
    set_setting(laptop.db, LAST_SYNC_SETTING, stamp(REAL_NOW - timedelta(days=31, minutes=10)))

    assert laptop.opened(REAL_NOW) != "wipe" and laptop.kept()


def test_a_lost_laptop_is_still_erased_on_its_day(laptop: Laptop) -> None:
    laptop.synced(clock_reads=REAL_NOW)
    assert laptop.opened(REAL_NOW + timedelta(days=8)) == "locked"  # someone tried it

    with pytest.raises(ProfileWiped, match="1 change could not be sent first"):
        laptop.opened(REAL_NOW + timedelta(days=30, minutes=1))

    assert load_key(laptop.profile.root) is None


def test_a_lost_laptop_first_opened_past_its_wipe_day_is_erased_a_day_later(
    laptop: Laptop,
) -> None:
    laptop.synced(clock_reads=REAL_NOW)
    first_try = REAL_NOW + timedelta(days=40)

    assert laptop.opened(first_try) == "locked"  # the lock screen: no visit data
    assert laptop.opened(first_try + timedelta(hours=20)) == "locked"
    with pytest.raises(ProfileWiped):
        laptop.opened(first_try + timedelta(days=1))


def test_setting_the_clock_back_does_not_unlock_a_locked_laptop(
    laptop: Laptop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = tmp_path / "fielddesk.ini"
    ini.write_text(
        "[security]\nlock_after_offline_days = 7\nwipe_after_offline_days = 30\n", encoding="utf-8"
    )
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(ini))
    laptop.synced(clock_reads=REAL_NOW)
    assert laptop.opened(REAL_NOW + timedelta(days=9)) == "locked"

    set_back = REAL_NOW + timedelta(hours=1)  # back to just after the last sync

    assert laptop.opened(set_back) == "locked"
    listing = opening_standing(laptop.profile, laptop.db, set_back)  # `fielddesk visits`
    assert listing is not None and listing.locked
    # ...and the wipe still comes when the clock has run on from where it was found locked.
    with pytest.raises(ProfileWiped):
        laptop.opened(REAL_NOW + timedelta(days=30))
