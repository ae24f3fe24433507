"""The offline limit IT sets: warned ahead, locked after N days, wiped after M (injected clock)."""

from __future__ import annotations

import configparser
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.account import Account, NotSignedIn, load_account, save_account
from sync.data_policy import BadPolicy, DataPolicy, read_policy
from sync.lost_laptop import VisitsLocked, check_opening, refuse_if_wiped, require_unlocked
from sync.offline_limit import deadline_words, standing
from sync.profile import Profile
from sync.profile_key import create_key, load_key
from sync.replica import open_replica
from sync.store.settings import record_successful_sync
from sync.wipe import ProfileWiped, clear_wipe_notice

LAST_SYNC = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # a Monday
POLICY = DataPolicy(lock_after_days=3, wipe_after_days=10)


def policy_of(text: str) -> DataPolicy:
    parser = configparser.ConfigParser()
    parser.read_string(text)
    return read_policy(parser)


def test_it_sets_the_limits_in_fielddesk_ini_and_retention_defaults_to_14_days() -> None:
    assert policy_of("") == DataPolicy(resolved_days=14)
    assert policy_of(
        "[retention]\nresolved_visit_days = 30\n"
        "[security]\nlock_after_offline_days = 7\nwipe_after_offline_days = 21\n"
    ) == DataPolicy(30, 7, 21)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[retention]\nresolved_visit_days = two weeks\n", "resolved_visit_days"),
        ("[security]\nlock_after_offline_days = 0\n", "lock_after_offline_days"),
        ("[security]\nlock_after_offline_days = 7\nwipe_after_offline_days = 7\n", "more than"),
    ],
)
def test_a_setting_it_got_wrong_is_named(text: str, named: str) -> None:
    with pytest.raises(BadPolicy, match=named):
        policy_of(text)


def test_the_technician_is_warned_two_days_ahead_with_the_day_and_time() -> None:
    assert standing(LAST_SYNC, POLICY, LAST_SYNC + timedelta(hours=23)).state == "fine"
    now = LAST_SYNC + timedelta(days=1, hours=1)  # Tuesday 15:00: locks Thursday 14:00
    warned = standing(LAST_SYNC, POLICY, now)
    assert warned.state == "warned" and not warned.locked
    local_lock = (LAST_SYNC + timedelta(days=3)).astimezone()
    assert warned.message(now) == (
        f"Sync before {local_lock:%A %H:%M} or this laptop locks its visits"
    )


def test_past_the_lock_limit_visits_are_locked_and_the_wipe_is_announced() -> None:
    now = LAST_SYNC + timedelta(days=3, minutes=1)
    locked = standing(LAST_SYNC, POLICY, now)
    assert locked.state == "locked" and locked.locked
    message = locked.message(now) or ""
    assert message.startswith("Visits locked: this laptop has not synced since")
    assert "FieldDesk erases its data here" in message
    with pytest.raises(VisitsLocked, match="Sync to unlock"):
        require_unlocked(locked, now)


def test_past_the_wipe_limit_and_no_limits_set() -> None:
    found_locked = LAST_SYNC + timedelta(days=3, hours=2)  # at an opening since
    assert standing(LAST_SYNC, POLICY, LAST_SYNC + timedelta(days=10), found_locked).state == "wipe"
    later = LAST_SYNC + timedelta(days=400)
    assert standing(LAST_SYNC, DataPolicy(), later).state == "fine"
    assert standing(None, POLICY, later).state == "fine"  # never synced: nothing held yet
    assert standing(LAST_SYNC, POLICY, LAST_SYNC - timedelta(days=5)).state == "fine"


def test_a_wipe_without_a_lock_is_itself_announced() -> None:
    now = LAST_SYNC + timedelta(days=9)
    message = standing(LAST_SYNC, DataPolicy(wipe_after_days=10), now).message(now) or ""
    assert message.startswith("Sync before") and "erases its data" in message


def test_deadline_words() -> None:
    now = datetime(2026, 12, 2, 9, 0).astimezone()
    assert deadline_words(now.replace(hour=14), now) == "today 14:00"
    assert deadline_words(now + timedelta(days=1), now) == "tomorrow 09:00"
    assert deadline_words(now + timedelta(days=2), now) == "Friday 09:00"
    assert deadline_words(now + timedelta(days=30), now) == "1 Jan 09:00"


def test_opening_a_profile_past_the_wipe_limit_erases_it_and_says_so(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "alice").ensure()
    save_account(profile, Account("https://rt.example.com", "alice", "token"), "s3cret")
    create_key(profile.root)
    db = open_replica(profile)
    record_successful_sync(db)
    (profile.attachments_dir / "7").mkdir()
    (profile.attachments_dir / "7" / "photo.jpg").write_bytes(b"\xff\xd8 the customer's rack")
    wiped_at = datetime.now(UTC) + timedelta(days=10, seconds=1)

    assert check_opening(profile, db, POLICY, datetime.now(UTC)).state == "fine"
    locked_at = datetime.now(UTC) + timedelta(days=3, minutes=1)  # opened, found locked
    assert check_opening(profile, db, POLICY, locked_at).state == "locked"
    with pytest.raises(ProfileWiped, match="IT wiped FieldDesk's data on this laptop") as caught:
        check_opening(profile, db, POLICY, wiped_at)

    assert "had not synced for longer than IT allows" in str(caught.value)
    assert load_key(profile.root) is None
    assert sorted(p.name for p in profile.root.rglob("*")) == sorted(
        ["attachments", "logs", "wiped.json"]
    )
    with pytest.raises(NotSignedIn):
        load_account(profile)
    with pytest.raises(ProfileWiped):  # the next opening says the same, not "empty profile"
        refuse_if_wiped(profile)
    clear_wipe_notice(profile)
    refuse_if_wiped(profile)
