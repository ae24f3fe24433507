"""The file naming the profile last used is the user's alone, like the rest of FieldDesk's."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sync.profile import Profile
from sync.profiles import LAST_USED_FILE, last_used, remember_last_used


def test_the_last_profile_is_remembered_in_a_private_file(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "acme-dental")
    profile.ensure()
    old = os.umask(0o022)
    try:
        remember_last_used(tmp_path, profile)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / LAST_USED_FILE).stat().st_mode) == 0o600
    remembered = last_used(tmp_path)
    assert remembered is not None and remembered.root == profile.root
