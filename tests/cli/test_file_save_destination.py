"""Where ``fielddesk file save`` writes: a path ending in a separator is a folder, as for
``cp``; a missing one is an error, not a file of that name.

No helpdesk needed: the replica and its file are made here (``tests.hostile_replica``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync.profile import Profile
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.hostile_replica import hostile_replica

SCAN = "scan-0042.pdf"


@pytest.fixture
def laptop(tmp_path: Path) -> tuple[Path, int]:
    """A profile holding one visit with a file on this laptop, and that file's key."""
    profile = Profile(tmp_path / "profile").ensure()
    visit = hostile_replica(profile.database_path, profile.attachments_dir)
    set_setting(visit.db, "user", "alice")
    key = visit.with_file(SCAN)
    visit.db.close()
    return profile.root, key


@pytest.mark.parametrize("separator", sorted({"/", os.sep}))
def test_a_missing_folder_is_an_error_not_a_file_of_its_name(
    laptop: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str], separator: str
) -> None:
    profile, key = laptop
    missing = tmp_path / "dl"

    code, out, err = run(capsys, profile, "file", "save", str(key), f"{missing}{separator}")

    assert (code, out) == (1, "")
    assert err == f"fielddesk: no such folder: {missing}{separator}\n"
    assert not missing.exists()


def test_an_existing_folder_gets_the_file_under_its_own_name(
    laptop: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, key = laptop
    folder = tmp_path / "Downloads"
    folder.mkdir()

    for given in (str(folder), f"{folder}{os.sep}"):
        code, out, err = run(capsys, profile, "file", "save", str(key), given, "--force")

        assert code == 0, err
        assert out == f"Saved {SCAN} to {folder / SCAN}\n"
    assert [p.name for p in folder.iterdir()] == [SCAN]
