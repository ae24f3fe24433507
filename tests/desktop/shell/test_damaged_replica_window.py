"""The window on a damaged replica: a clear dialog offering the salvage, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Shell
from desktop.common.user_errors import describe
from desktop.shell.repair import RepairOffer, offer_repair
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import ReplicaDamaged
from sync.store.driver import sqlite3
from sync.store.health import is_suspect
from sync.store.outbox import rows
from tests.replica_faults import corrupt_table, fill

SHOTS = Path(__file__).resolve().parents[3] / "bench" / "results"


@pytest.fixture
def damaged(profile: Profile) -> Profile:
    fill(profile, notes=40)  # not signed in: the window starts no sync
    corrupt_table(profile.database_path, "outbox", every=2)
    return profile


def answer_offer(choice: str, seen: list[str], picture: Path | None = None) -> None:
    """Click choice ('repair' or 'quit') in the repair dialog once it is up."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, RepairOffer):
        QTimer.singleShot(20, lambda: answer_offer(choice, seen, picture))
        return
    seen.append(f"{dialog.text()}\n{dialog.informativeText()}")
    if picture is not None:
        dialog.grab().save(str(picture))
    (dialog.repair_button if choice == "repair" else dialog.quit_button).click()


def test_the_window_offers_the_salvage_and_opens_on_the_repaired_replica(
    damaged: Profile, shell_on: list[Shell], qtbot: QtBot, tmp_path: Path
) -> None:
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_offer("repair", seen, tmp_path / "offer.png"))
    shell = Shell(damaged, explicit_profile=True)
    shell_on.append(shell)

    assert "The local database of this profile is damaged." in seen[0]
    assert "some of its pages cannot be read (SQLite's check" in seen[0]
    assert "recovers first the changes not yet sent that can still be read" in seen[0]
    window = shell.window
    assert window is not None
    qtbot.waitUntil(lambda: "Local database repaired" in window.banner.text.text())
    assert "unsent changes recovered" in window.banner.text.text()
    assert list(damaged.root.glob("damaged-*/fielddesk.db"))
    assert window.visits is not None  # the window works on the new replica
    window.grab().save(str(tmp_path / "repaired.png"))


def test_declining_leaves_the_damaged_file_untouched(damaged: Profile, qtbot: QtBot) -> None:
    with pytest.raises(ReplicaDamaged) as damage:
        open_replica(damaged)
    before = damaged.database_path.read_bytes()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer_offer("quit", seen))

    assert offer_repair(damaged, damage.value) == (False, "")
    assert seen and damaged.database_path.read_bytes() == before
    assert not list(damaged.root.glob("damaged-*"))


def test_a_failed_read_in_the_window_is_a_message_and_a_full_check_next_time(
    profile: Profile, shell_on: list[Shell], qtbot: QtBot
) -> None:
    fill(profile, notes=1)
    shell = Shell(profile, explicit_profile=True)
    shell_on.append(shell)
    shell.crash.show_dialog = False
    window = shell.window
    assert window is not None
    reports: list[str] = []
    shell.crash.crashed.connect(reports.append)

    error = sqlite3.DatabaseError("database disk image is malformed")
    shell.crash.handle(sqlite3.DatabaseError, error, None)

    text = window.banner.text.text()
    assert "is damaged" in text and "Nothing you saved is lost" in text
    assert not reports  # not a bug report
    assert is_suspect(profile.database_path)
    db = open_replica(profile)  # the full check: the file is sound after all
    try:
        assert len(rows(db)) == 2 and not is_suspect(profile.database_path)
    finally:
        db.close()


def test_a_sync_that_finds_the_replica_damaged_says_how_to_repair_it(profile: Profile) -> None:
    said = describe(ReplicaDamaged(profile.database_path, "it is cut short (10 of 4096 bytes)"))

    assert said is not None and "is damaged: it is cut short" in said
    assert "reopen the profile (or restart FieldDesk)" in said and "unsent changes first" in said
