"""A wipe goes on past a file it cannot delete (another window holds it open on Windows):
the key is gone first, so what stays cannot be read, and the note says the laptop was wiped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.profile import Profile
from sync.profile_key import load_key
from sync.store import open_database
from sync.wipe import wipe_notice, wipe_profile


def test_a_file_held_open_elsewhere_does_not_stop_the_wipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> None:
    profile = Profile(tmp_path / "bob-at-home")
    profile.ensure()
    open_database(profile.database_path).close()  # the replica and its key
    assert load_key(profile.root) is not None
    (profile.root / "notes.txt").write_text("Spare PSU left with Hannah Briggs")
    real_unlink = Path.unlink

    def held_open(path: Path, missing_ok: bool = False) -> None:
        if path.name == profile.database_path.name:
            raise PermissionError(13, "The process cannot access the file", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", held_open)
    wipe_profile(profile, "remote")
    assert load_key(profile.root) is None
    assert not (profile.root / "notes.txt").exists()
    notice = wipe_notice(profile)
    assert notice is not None and notice.reason == "remote"
