"""A window that could not open its profile (no OS keyring, said in a box) ends the app
with a failure status: the menu entry's launcher or a script sees the start failed."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from desktop.app import run_gui
from sync.profile import Profile


@pytest.fixture
def no_os_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_no_keyring_box_then_a_failure_status(
    profile: Profile, no_os_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    code = run_gui(profile)
    assert len(said) == 1
    assert said[0].startswith("FieldDesk cannot open this profile: no OS keyring")
    assert code == 1
