"""An empty (0-byte) file: RT refuses a whole note carrying one ("FileContent is a
required field for each attachment"), so it is refused when it is added, named; one
queued by an older build is left out when the note is sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import attachments
from sync.connectors.base import NewAttachment


def test_an_empty_file_is_refused_when_added_and_nothing_is_stored(tmp_path: Path) -> None:
    files = tmp_path / "profile" / "attachments"
    empty = tmp_path / "IMG_0042.jpg"
    empty.write_bytes(b"")

    with pytest.raises(ValueError, match=r"^IMG_0042\.jpg is empty \(0 bytes\), not added$"):
        attachments.import_file(files, empty)
    with pytest.raises(ValueError, match=r"^signature\.png is empty \(0 bytes\), not added$"):
        attachments.import_bytes(files, b"", "signature.png")

    assert not [p for p in files.rglob("*") if p.is_file()]


def test_empty_files_of_a_queued_note_are_left_out_by_name() -> None:
    photo = NewAttachment("fuser.jpg", "image/jpeg", b"\xff\xd8\xff")
    empty = NewAttachment("IMG_0042.jpg", "image/jpeg", b"")

    kept, said = attachments.without_empty_files((photo, empty))

    assert kept == (photo,)
    assert said == "sent without IMG_0042.jpg: empty (0 bytes), which the helpdesk refuses"
    assert attachments.without_empty_files((photo,)) == ((photo,), None)
