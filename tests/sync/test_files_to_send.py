"""A change's stored files, read to send: one gone or unreadable refuses the change, in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sync import attachments
from sync.changes.note import stored_files
from sync.errors import Cause, RejectedError
from sync.profile import Profile

PHOTO = b"\xff\xd8\xff\xe0JFIF the dock's power lead" * 50


def stored_photo(profile: Profile) -> dict[str, Any]:
    return attachments.import_bytes(profile.attachments_dir, PHOTO, "photo.jpg")


def test_a_file_that_vanished_refuses_the_change_naming_it(profile: Profile) -> None:
    item = stored_photo(profile)
    Path(item["path"]).unlink()  # a disk cleaner

    with pytest.raises(RejectedError) as refused:
        stored_files([item])

    assert str(refused.value) == (
        "photo.jpg is no longer on this laptop: attach it again or discard the change"
    )
    assert refused.value.cause == Cause.INVALID


def test_a_file_that_cannot_be_read_refuses_the_change_saying_why(profile: Profile) -> None:
    item = stored_photo(profile)
    path = Path(item["path"])
    path.unlink()
    path.mkdir()  # something else now stands where the file was

    with pytest.raises(RejectedError) as refused:
        stored_files([item])

    assert str(refused.value) == (
        "photo.jpg cannot be read on this laptop (Is a directory): "
        "attach it again or discard the change"
    )


def test_files_still_there_are_read_to_send(profile: Profile) -> None:
    [sent] = stored_files([stored_photo(profile)])
    assert (sent.filename, sent.data) == ("photo.jpg", PHOTO)
