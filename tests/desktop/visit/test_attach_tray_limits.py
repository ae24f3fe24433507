"""The note dialog's tray refuses, with a message naming the file, what the helpdesk
would refuse the whole note for: an empty file, and files too large together for one
request (nginx's client_max_body_size 64m, as docs/compatibility.md sets it up)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.common.messages import Level, MessageBridge
from desktop.visit.attach import AttachmentTray
from sync.change_limits import DEFAULT_MAX_BYTES

MB = 1024 * 1024


def sparse_photo(path: Path, size: int) -> Path:
    """A photo of ``size`` bytes as the file system lists it (sparse: no disk used)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def warnings(messages: MessageBridge) -> list[str]:
    return [m.text for m in messages.listen() if m.level == Level.WARNING]


def test_an_empty_file_is_not_added_and_said_by_name(qtbot: QtBot, tmp_path: Path) -> None:
    messages = MessageBridge()
    tray = AttachmentTray(messages, DEFAULT_MAX_BYTES)
    qtbot.addWidget(tray)
    empty = tmp_path / "IMG_0042.jpg"
    empty.write_bytes(b"")
    photo = sparse_photo(tmp_path / "fuser.jpg", 2 * MB)

    assert tray.add_paths([empty, photo]) == 1

    assert [p.name for p in tray.paths] == ["fuser.jpg"]
    assert warnings(messages) == ["IMG_0042.jpg is empty (0 bytes), not added"]


def test_a_photo_that_would_pass_the_notes_total_is_refused_with_the_room_left(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Three 19 MB photos, each under the 20 MB cap: 57 MB in one note was a 413."""
    messages = MessageBridge()
    tray = AttachmentTray(messages, DEFAULT_MAX_BYTES)
    qtbot.addWidget(tray)
    photos = [sparse_photo(tmp_path / f"rack-{n}.jpg", 19 * MB) for n in (1, 2, 3)]

    assert tray.add_paths(photos) == 2

    assert [p.name for p in tray.paths] == ["rack-1.jpg", "rack-2.jpg"]
    assert warnings(messages) == [
        "rack-3.jpg (19.0 MB) was not added: a note's files may be 45.0 MB together "
        "and 7.0 MB is left; send it in another note"
    ]
    small = sparse_photo(tmp_path / "label.jpg", 5 * MB)
    assert tray.add_paths([small]) == 1  # what still fits goes in
