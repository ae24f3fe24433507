"""Previews of a technician's or the helpdesk's images, decoded off the GUI thread.

The GUI never blocks: a 65-megapixel PNG cannot be decoded small (about a second) and a
photo on a slow USB stick or network share holds its reader for the read, so the decode
runs on a worker (QImageReader and QImage are safe there) and only the icon is made back
on the GUI thread (QPixmap is not safe anywhere else).  The widget shows its generic icon
meanwhile; an image Qt cannot read, or one over Qt's allocation limit, never replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap

from desktop.common.background import BackgroundTasks

IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".heic", ".tif", ".tiff"}
)


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_SUFFIXES


def decode_preview(path: Path, size: QSize) -> QImage:
    """The image decoded to fit ``size`` (cheap even for big photos); null if unreadable.

    Runs on a worker thread: no QPixmap here.
    """
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # phone photos: honour the EXIF rotation
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


@cache
def preview_tasks() -> BackgroundTasks:
    """The previews' workers, living as long as the application: a pool owned by the
    widget would make its deletion (a dialog closed mid-decode) wait for the read."""
    return BackgroundTasks(QCoreApplication.instance())


def request_preview(path: Path, size: QSize, owner: QObject, show: Callable[[QIcon], None]) -> None:
    """Decode ``path``'s preview on a worker, then ``show(icon)`` on the GUI thread.

    ``show`` is not called for a file that is not an image or that Qt cannot read, nor
    once ``owner`` (the widget that shows the preview) has been deleted.
    """
    if not is_image(path):
        return

    def decoded(image: QImage) -> None:
        if not image.isNull() and shiboken6.isValid(owner):
            show(QIcon(QPixmap.fromImage(image)))

    preview_tasks().start(
        lambda: decode_preview(path, QSize(size)), succeeded=decoded, failed=_raise_on_gui_thread
    )


def _raise_on_gui_thread(error: BaseException) -> None:
    raise error  # a bug, not an unreadable image (that is a null QImage): the crash handler
