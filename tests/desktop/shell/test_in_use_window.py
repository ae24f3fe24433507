"""The window when another program still has the profile's replica open during a rewrite."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import Shell
from sync.profile import Profile
from sync.profile_key import create_key
from sync.store import cipher
from tests.sync.test_encrypted_replica import earlier_release_replica, plaintext_replica


def test_the_window_says_another_fieldDesk_has_the_replica_open_and_leaves_it_alone(
    profile: Profile, shell_on: list[Shell], monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    path = profile.database_path
    key = create_key(profile.root)
    plaintext_replica(path)
    earlier_release_replica(path, key, cipher.EARLIER_FORMATS[0])  # as before an update
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    earlier = cipher.connect(path, key, isolation_level=None, page_format=cipher.EARLIER_FORMATS[0])
    earlier.execute("SELECT count(*) FROM outbox").fetchone()  # the earlier version, still open
    try:
        shell = Shell(profile, explicit_profile=True)
        shell_on.append(shell)
        assert shell.window is None
        assert cipher.format_of(path, key) == cipher.EARLIER_FORMATS[0]  # untouched
    finally:
        earlier.close()
    assert len(said) == 1
    assert said[0].startswith("FieldDesk cannot open this profile: the local database ")
    assert "FieldDesk is open elsewhere on this profile (perhaps an earlier version)" in said[0]
    assert "close it, then try again" in said[0]
