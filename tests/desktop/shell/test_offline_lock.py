"""IT's offline limit in the window: warned two days ahead, then the visits are locked."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.account import Account, save_account
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.settings import record_successful_sync
from tests.sync.test_store import remote_ticket

SHOTS = Path(os.environ.get("FIELDDESK_SHOTS", "/tmp"))


@pytest.fixture
def laptop(profile: Profile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Profile:
    """Alice's laptop with a visit at ACME Dental, synced just now; IT locks after 7 days."""
    ini = tmp_path / "fielddesk.ini"
    ini.write_text(
        "[security]\nlock_after_offline_days = 7\nwipe_after_offline_days = 30\n", encoding="utf-8"
    )
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(ini))
    save_account(profile, Account("http://127.0.0.1:9", "alice", "token"), "t0k3n")
    db = open_replica(profile)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(site="ACME Dental"))
    record_successful_sync(db)
    db.close()
    return profile


def window_at(qtbot: QtBot, profile: Profile, days: float) -> MainWindow:
    later = datetime.now(UTC) + timedelta(days=days)
    window = MainWindow(profile, clock=lambda: later)
    qtbot.addWidget(window)
    window.auto_sync.stop()  # no helpdesk here: the test looks, it does not sync
    window.resize(1100, 640)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_technician_is_warned_two_days_before_the_lock(qtbot: QtBot, laptop: Profile) -> None:
    window = window_at(qtbot, laptop, 0.5)
    assert not window.offline_strip.isVisible()

    window = window_at(qtbot, laptop, 5.5)
    window.grab().save(str(SHOTS / "offline-warning.png"))

    assert window.offline_strip.isVisible()
    assert window.offline_strip.text().startswith("Sync before ")
    assert window.offline_strip.text().endswith("or this laptop locks its visits")
    assert window.rail.isVisible() and not window.lock_screen.isVisible()


def test_past_the_limit_the_visits_are_locked_until_a_sync(qtbot: QtBot, laptop: Profile) -> None:
    window = window_at(qtbot, laptop, 8)
    window.grab().save(str(SHOTS / "offline-locked.png"))

    assert window.lock_screen.isVisible() and not window.rail.isVisible()
    assert "Visits locked" in window.lock_screen.text.text()
    assert "FieldDesk erases its data here" in window.lock_screen.text.text()
    assert window.lock_screen.sync_button.isEnabled()
    assert not window.visit_menu.isEnabled()
    shown = " ".join(
        label.text() for label in window.lock_screen.findChildren(type(window.lock_screen.text))
    )
    assert "ACME" not in shown


def test_past_the_wipe_limit_the_window_opens_empty_and_says_why(
    qtbot: QtBot, laptop: Profile
) -> None:
    earlier = window_at(qtbot, laptop, 8)  # opened while locked: a lost laptop, not a clock jump
    assert earlier.lock_screen.isVisible()
    earlier.close()

    window = window_at(qtbot, laptop, 31)
    assert window.account is None
    assert ticket_store.list_visits(window.db) == []
    assert "IT wiped FieldDesk's data on this laptop" in window.banner.text.text()
    assert not any(b"ACME" in p.read_bytes() for p in laptop.root.rglob("*") if p.is_file())


def test_a_window_left_open_past_both_limits_still_erases_on_its_day(
    qtbot: QtBot, laptop: Profile
) -> None:
    """Opened before the lock and left open, not syncing: the window's own checks count
    as seeing it locked, so the wipe is not put off a day at every look."""
    now = [datetime.now(UTC) + timedelta(days=6)]
    window = MainWindow(laptop, clock=lambda: now[0])
    qtbot.addWidget(window)
    window.auto_sync.stop()
    window.show()
    assert not window.lock_screen.isVisible()
    now[0] += timedelta(days=2)  # past the lock
    assert window.guard.check().locked
    now[0] += timedelta(days=23)  # past the wipe, locked since long before
    with qtbot.waitSignal(window.wiped_by_it, timeout=5_000):
        window.guard.check()
    assert not any(b"ACME" in p.read_bytes() for p in laptop.root.rglob("*") if p.is_file())
