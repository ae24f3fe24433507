"""The window on a replica whose key the keyring lost: said plainly, a fresh start offered."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.app import Shell
from desktop.shell.key_missing import KeyMissingOffer
from sync.profile import Profile
from sync.profile_key import forget_key, load_key
from tests.replica_faults import fill


@pytest.fixture
def locked(profile: Profile) -> Profile:
    fill(profile, notes=2)  # not signed in: the window starts no sync
    forget_key(profile.root)
    return profile


def answer(choice: str, seen: list[str], picture: Path | None = None) -> None:
    """Click 'sign in' or 'quit' in the locked-copy dialog once it is up."""
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, KeyMissingOffer):
        QTimer.singleShot(20, lambda: answer(choice, seen, picture))
        return
    seen.append(f"{dialog.windowTitle()}\n{dialog.text()}\n{dialog.informativeText()}")
    if picture is not None:
        dialog.grab().save(str(picture))
    (dialog.sign_in_button if choice == "sign in" else dialog.quit_button).click()


def test_the_window_says_the_key_is_gone_and_starts_a_fresh_copy_on_request(
    locked: Profile, shell_on: list[Shell], qtbot: QtBot, tmp_path: Path
) -> None:
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer("sign in", seen, tmp_path / "key-gone.png"))
    shell = Shell(locked, explicit_profile=True)
    shell_on.append(shell)

    said = seen[0]
    assert "The key that unlocks this laptop's copy is gone from the keyring." in said
    assert "Nothing is damaged." in said
    assert "not yet sent are lost" in said
    assert "damaged." not in said.replace("Nothing is damaged.", "")
    window = shell.window
    assert window is not None
    qtbot.waitUntil(lambda: "A fresh copy was started" in window.banner.text.text())
    assert len(list(locked.root.glob("locked-*/fielddesk.db"))) == 1
    assert load_key(locked.root) is not None  # the fresh replica has a key of its own
    assert window.visits is not None


def test_quitting_leaves_the_locked_copy_where_it_is(
    locked: Profile, shell_on: list[Shell]
) -> None:
    before = locked.database_path.read_bytes()
    seen: list[str] = []
    QTimer.singleShot(0, lambda: answer("quit", seen))
    shell = Shell(locked, explicit_profile=True)
    shell_on.append(shell)

    assert seen and shell.window is None
    assert locked.database_path.read_bytes() == before
    assert not list(locked.root.glob("locked-*"))
    assert load_key(locked.root) is None
