"""A second FieldDesk window on a profile already open (the launcher clicked twice) is
refused with a word, and the profile opens again once the first window is closed.

Before, two windows ran on one profile: a sign-out with a wipe in one deleted the
data under the other, which went on saying "Note saved on this laptop".
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.app import Shell
from sync.profile import Profile
from tests.replica_faults import fill


def test_a_second_window_on_the_profile_is_refused_until_the_first_closes(
    profile: Profile, shell_on: list[Shell], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(profile, notes=1)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    first = Shell(profile, explicit_profile=True)
    shell_on.append(first)
    assert first.window is not None

    second = Shell(profile, explicit_profile=True)
    shell_on.append(second)

    assert second.window is None
    assert said == [
        "FieldDesk is already open on this profile, in another window: use that one, or "
        "close it first."
    ]
    first.window.close()
    third = Shell(profile, explicit_profile=True)
    shell_on.append(third)
    assert third.window is not None, "the profile is free once its window closed"
