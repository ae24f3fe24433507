"""A profile's encryption key lives in the keyring, one per profile, and can be destroyed."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.profile import Profile
from sync.profile_key import KeyMissing, create_key, forget_key, load_key, require_key
from sync.profiles import sign_out


def test_each_profile_has_its_own_random_key(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert load_key(first) is None
    key = create_key(first)
    assert len(key) == 32
    assert load_key(first) == key
    assert load_key(second) is None
    assert create_key(second) != key


def test_the_key_is_found_whatever_path_spelling_names_the_profile(tmp_path: Path) -> None:
    key = create_key(tmp_path / "profile")
    assert load_key(tmp_path / "x" / ".." / "profile") == key


def test_sign_out_with_wipe_destroys_the_key_and_the_files(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "p").ensure()
    create_key(profile.root)
    sign_out(profile, wipe=True)
    assert load_key(profile.root) is None
    assert not profile.root.exists()


def test_sign_out_without_wipe_keeps_the_key_for_the_data_it_keeps(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "p").ensure()
    key = create_key(profile.root)
    sign_out(profile, wipe=False)
    assert load_key(profile.root) == key


def test_a_lost_key_is_named_as_such(tmp_path: Path) -> None:
    create_key(tmp_path)
    forget_key(tmp_path)
    with pytest.raises(KeyMissing, match="no longer in the OS keyring"):
        require_key(tmp_path)
