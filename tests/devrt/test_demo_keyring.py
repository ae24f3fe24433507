"""The demo run once without a keyring (over SSH) leaves the keyring's demo working.

Before, the memory-only run re-encrypted the shared demo profile with a key that died
with it; the next demo in the keyring session stopped on ``ReplicaDamaged`` ("cannot be
decrypted with this profile's key"), and the command line then spoke of unsent changes
that could not be recovered.  A demo replica that cannot be read is demo data: rebuilt."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from devrt import demo
from devrt.instance import RunningRT
from sync.keyring_service import SERVICE
from sync.profile import Profile
from sync.profile_key import key_entry
from sync.replica import open_replica

pytestmark = pytest.mark.rt


class DemoRT:
    """The private RT the tests started, as ``fielddesk-devrt demo`` brings its own up."""

    def __init__(self, running: RunningRT, root: Path) -> None:
        self.running, self.root = running, root

    def up(self) -> RunningRT:
        return self.running


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The window, standing in: it opens the profile's replica as the app does."""
    profiles: list[Path] = []

    def window(profile: Profile, screenshot: Path | None = None) -> int:
        db = open_replica(profile)
        try:
            db.execute("SELECT count(*) FROM tickets").fetchone()
        finally:
            db.close()
        profiles.append(profile.root)
        return 0

    monkeypatch.setattr("desktop.app.run_gui", window)
    return profiles


def demo_run(rt: RunningRT, root: Path, *, with_keyring: bool) -> int:
    desktop_keyring = keyring.get_keyring()
    if not with_keyring:
        keyring.set_keyring(fail.Keyring())  # over SSH: no Secret Service
    try:
        return demo.run_demo(DemoRT(rt, root), "alice", None)  # type: ignore[arg-type]
    finally:
        keyring.set_keyring(desktop_keyring)


def test_a_demo_without_keyring_leaves_the_keyring_demo_readable(
    rt: RunningRT, tmp_path: Path, opened: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_run(rt, tmp_path, with_keyring=True) == 0
    assert demo_run(rt, tmp_path, with_keyring=False) == 0
    assert demo_run(rt, tmp_path, with_keyring=True) == 0, capsys.readouterr().err
    keyring_profile, memory_profile, again = opened
    assert keyring_profile == again != memory_profile
    err = capsys.readouterr().err
    assert "could not be read" not in err, "nothing had to be rebuilt"


def test_a_demo_replica_that_cannot_be_decrypted_is_rebuilt_with_a_note(
    rt: RunningRT, tmp_path: Path, opened: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert demo_run(rt, tmp_path, with_keyring=True) == 0
    (profile_root,) = opened
    # Another key under the profile's name, as the memory-only demo used to leave it.
    other_key = base64.b64encode(os.urandom(32)).decode()
    keyring.set_password(SERVICE, key_entry(profile_root), other_key)
    capsys.readouterr()

    assert demo_run(rt, tmp_path, with_keyring=True) == 0
    err = capsys.readouterr().err
    notes = [line for line in err.splitlines() if "could not be read" in line]
    assert len(notes) == 1 and "rebuilt from the demo helpdesk" in notes[0]
    assert "Traceback" not in err
    assert opened == [profile_root, profile_root], "the window opened the rebuilt replica"
