"""The note dialog's tray lists a file at once; an image's preview is decoded off the GUI
thread and follows.  A 65-megapixel PNG (about a second to decode) or a photo on a slow
USB stick froze the window while the tray decoded it.

The slow read is ``QImageReader.read`` held on a gate the test opens.
"""

from __future__ import annotations

import struct
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage, QImageReader
from PySide6.QtWidgets import QListWidgetItem
from pytestqt.qtbot import QtBot

from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.visit.attach import THUMB, AttachmentTray
from desktop.visit.composer import NoteDialog
from sync.change_limits import DEFAULT_MAX_BYTES
from tests.desktop.visit.helpers import make_photo

RED, BLUE = "#d00000", "#0000d0"
PROMPT_S = 0.5  # a slow read took the window for as long as the gate stayed shut (5 s)


class SlowDisk:
    """QImageReader.read held until ``release()`` (a photo on a slow USB stick)."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.reads_ended = 0

    def release(self) -> None:
        self.gate.set()


@pytest.fixture
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlowDisk]:
    disk = SlowDisk()
    real_read = QImageReader.read

    def read(reader: QImageReader) -> QImage:
        disk.gate.wait(timeout=5)
        try:
            return real_read(reader)
        finally:
            disk.reads_ended += 1

    monkeypatch.setattr(QImageReader, "read", read)
    yield disk
    disk.release()  # no worker is left waiting after the test


@pytest.fixture
def tray(qtbot: QtBot) -> AttachmentTray:
    widget = AttachmentTray(MessageBridge(), DEFAULT_MAX_BYTES)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def add_promptly(tray: AttachmentTray, paths: list[Path]) -> None:
    started = time.monotonic()
    assert tray.add_paths(paths) == len(paths)
    assert time.monotonic() - started < PROMPT_S, "adding a file waited for its preview"


def picture(item_icon: QIcon) -> QImage:
    return item_icon.pixmap(THUMB).toImage()


def shows_generic_icon(item: QListWidgetItem) -> bool:
    return picture(item.icon()) == picture(icon("attach"))


def preview_colour(item: QListWidgetItem) -> str:
    image = picture(item.icon())
    return image.pixelColor(image.width() // 2, image.height() // 2).name()


def wait_for_previews(qtbot: QtBot) -> None:
    """Every preview started has been decoded and handed over (or dropped)."""
    # Imported here so the file also runs on the tree before the fix (and fails there).
    from desktop.common.image_preview import preview_tasks  # noqa: PLC0415

    qtbot.waitUntil(lambda: not preview_tasks().busy, timeout=10_000)


def test_a_photo_is_listed_at_once_and_its_preview_follows(
    tray: AttachmentTray, slow_disk: SlowDisk, qtbot: QtBot, tmp_path: Path
) -> None:
    photo = make_photo(tmp_path / "fuser.png", RED)  # 640 x 480

    add_promptly(tray, [photo])

    [item] = [tray.item(0)]
    assert tray.paths == [photo]
    assert item.text().startswith("fuser.png\n")  # name and size
    assert shows_generic_icon(item)  # no preview yet, and no blank
    slow_disk.release()
    qtbot.waitUntil(lambda: preview_colour(item) == RED, timeout=10_000)
    assert item.icon().availableSizes() == [THUMB]  # decoded at thumbnail size


def test_each_preview_lands_on_its_own_file(
    tray: AttachmentTray, slow_disk: SlowDisk, qtbot: QtBot, tmp_path: Path
) -> None:
    """Twenty photos at once, as from a phone's folder: all listed at once, all previewed."""
    photos = [make_photo(tmp_path / f"rack-{n:02}.jpg", RED if n % 2 else BLUE) for n in range(20)]
    slow_disk.release()  # an ordinary disk

    add_promptly(tray, photos)

    assert tray.paths == photos
    items = [tray.item(row) for row in range(tray.count())]
    qtbot.waitUntil(lambda: not any(shows_generic_icon(item) for item in items), timeout=20_000)
    assert [preview_colour(item) for item in items] == [RED if n % 2 else BLUE for n in range(20)]


def test_a_photo_removed_before_its_preview_arrives_stays_removed(
    tray: AttachmentTray, slow_disk: SlowDisk, qtbot: QtBot, tmp_path: Path
) -> None:
    first = make_photo(tmp_path / "first.png", RED)
    second = make_photo(tmp_path / "second.png", BLUE)
    add_promptly(tray, [first, second])

    tray.setCurrentRow(0)
    qtbot.keyClick(tray, Qt.Key.Key_Delete)
    assert tray.paths == [second]
    slow_disk.release()
    wait_for_previews(qtbot)

    assert tray.paths == [second]
    assert preview_colour(tray.item(0)) == BLUE


def test_closing_the_note_dialog_before_the_previews_arrive(
    slow_disk: SlowDisk, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = NoteDialog(
        public=False,
        recipients=[],
        messages=MessageBridge(),
        max_bytes=DEFAULT_MAX_BYTES,
        save=lambda _values: True,
    )
    dialog.show()
    tray = dialog.tray
    add_promptly(tray, [make_photo(tmp_path / f"panel-{n}.png", RED) for n in range(3)])

    dialog.reject()
    shiboken6.delete(dialog)  # the dialog and its tray are gone
    assert not shiboken6.isValid(tray)
    slow_disk.release()
    wait_for_previews(qtbot)
    qtbot.wait(50)  # anything still queued for the tray is delivered (and dropped)

    assert slow_disk.reads_ended == 3  # the decodes ran; pytest-qt fails on any exception


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` x ``height`` (the pixels are not there)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 16))
        + chunk(b"IEND", b"")
    )


def test_an_image_qt_cannot_read_keeps_the_generic_icon(
    tray: AttachmentTray, qtbot: QtBot, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a photo, whatever its name says")
    huge = tmp_path / "panorama.png"  # 20000 x 20000: over Qt's allocation limit
    huge.write_bytes(png_claiming(20_000, 20_000))
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4")

    add_promptly(tray, [broken, huge, report])
    wait_for_previews(qtbot)

    assert tray.paths == [broken, huge, report]
    assert all(shows_generic_icon(tray.item(row)) for row in range(3))


def exif_rotated_jpeg(path: Path) -> Path:
    """A 640 x 480 JPEG whose EXIF says "rotate 90°" (a phone held upright)."""
    make_photo(path, RED)
    data = path.read_bytes()
    orientation = struct.pack(">HHIHH", 0x0112, 3, 1, 6, 0)  # tag, SHORT, count, value
    tiff = b"MM\0\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) + orientation + b"\0" * 4
    exif = b"Exif\0\0" + tiff
    path.write_bytes(data[:2] + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + data[2:])
    return path


def test_a_phone_photo_is_previewed_upright(
    tray: AttachmentTray, qtbot: QtBot, tmp_path: Path
) -> None:
    add_promptly(tray, [exif_rotated_jpeg(tmp_path / "upright.jpg")])
    item = tray.item(0)

    qtbot.waitUntil(lambda: not shows_generic_icon(item), timeout=10_000)
    [size] = item.icon().availableSizes()
    assert size.height() > size.width() and size.height() <= THUMB.width()  # fits the tray
