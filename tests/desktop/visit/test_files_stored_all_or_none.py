"""Adding several files when the disk fills part-way: the files that attempt already
stored are removed with it (no note names them), not left until the daily sweep."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.visit import work
from sync.store.database import DiskFull
from tests.small_disk import small_disk


def test_files_stored_before_the_disk_filled_are_removed(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    photos = []
    for n in (1, 2, 3):
        photo = tmp_path / f"rack-{n}.jpg"
        photo.write_bytes(os.urandom(700_000))
        photos.append(photo)
    files = profile / "attachments"

    with small_disk(files, "1600k"):
        with pytest.raises(DiskFull, match=r"^the disk is full . nothing was lost"):
            work.import_files(files, photos, max_bytes=20 * 1024 * 1024)

        assert not [p.name for p in files.rglob("*") if p.is_file()]
