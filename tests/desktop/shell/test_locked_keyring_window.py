"""A keyring locked (or gone) when the window starts: said in a dialog, not only on stderr."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import Shell
from sync.profile import Profile
from tests.replica_faults import fill


class LockedKeyring(keyring.backend.KeyringBackend):
    priority = -1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.KeyringLocked("Failed to unlock the collection!")


def test_a_locked_keyring_is_said_in_a_dialog_and_the_app_ends(
    profile: Profile, shell_on: list[Shell], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    fill(profile, notes=1)  # a replica, its key in the keyring
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    previous = keyring.get_keyring()
    keyring.set_keyring(LockedKeyring())
    try:
        shell = Shell(profile, explicit_profile=True)
        shell_on.append(shell)
    finally:
        keyring.set_keyring(previous)
    assert shell.window is None
    assert said == [
        "FieldDesk cannot open this profile: the keyring is locked: unlock it (log in to "
        "the desktop session) and try again."
    ]
