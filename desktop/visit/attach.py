"""Files waiting to go with a note: picked or dropped, images previewed, size checked.

A file is listed at once with the generic file icon; an image's preview is decoded off
the GUI thread and takes its place when it arrives (desktop.common.image_preview).

A file over the helpdesk's size cap, one that would take the note's files past what
one request to the helpdesk carries, or an empty one (RT refuses a note carrying it)
is refused *before* anything is copied, named, so nothing is queued only to fail later.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import QFileDialog, QListView, QListWidget, QListWidgetItem, QWidget

from desktop.common.icons import icon
from desktop.common.image_preview import request_preview
from desktop.common.messages import MessageBridge
from desktop.common.plain_tooltip import plain_tooltip
from desktop.visit.widgets import human_size
from sync.change_limits import MAX_NOTE_FILES_BYTES

THUMB = QSize(96, 72)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SIZE_ROLE = Qt.ItemDataRole.UserRole + 2
FILE_FILTER = "Photos and files (*);;Images (*.jpg *.jpeg *.png *.heic *.webp)"


def local_files(mime: QMimeData) -> list[Path]:
    """The local files in a drag (links and remote URLs are ignored)."""
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class AttachmentTray(QListWidget):
    """The files chosen for a note. Accepts drops; Delete removes the selected one."""

    changed = Signal()

    def __init__(
        self, messages: MessageBridge, max_bytes: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.messages = messages
        self.max_bytes = max_bytes
        self.max_total = MAX_NOTE_FILES_BYTES
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(THUMB)
        self.setGridSize(QSize(THUMB.width() + 40, THUMB.height() + 44))
        self.setWordWrap(True)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setAcceptDrops(True)
        self.setMinimumHeight(THUMB.height() + 56)
        self.setAccessibleName(self.tr("Files to send"))
        self.setToolTip(self.tr("Drop photos or files here; Delete removes the selected one"))

    @property
    def paths(self) -> list[Path]:
        return [Path(self.item(i).data(PATH_ROLE)) for i in range(self.count())]

    @property
    def total_size(self) -> int:
        return sum(int(self.item(i).data(SIZE_ROLE)) for i in range(self.count()))

    def add_paths(self, paths: list[Path]) -> int:
        """Add files, refusing (with a warning) any empty, over a cap or unreadable."""
        added = 0
        for path in paths:
            try:
                size = path.stat().st_size
            except OSError as error:
                self.messages.warning(f"{path.name}: {error.strerror}")
                continue
            if not path.is_file():
                continue
            if size == 0:
                self.messages.warning(
                    self.tr("{name} is empty (0 bytes), not added").format(name=path.name)
                )
                continue
            if size > self.max_bytes:
                self.messages.warning(
                    self.tr("{name} is {size}: over the {limit} limit, not added").format(
                        name=path.name, size=human_size(size), limit=human_size(self.max_bytes)
                    )
                )
                continue
            if path in self.paths:
                continue
            room = max(0, self.max_total - self.total_size)
            if size > room:
                self.messages.warning(
                    self.tr(
                        "{name} ({size}) was not added: a note's files may be {limit} "
                        "together and {room} is left; send it in another note"
                    ).format(
                        name=path.name,
                        size=human_size(size),
                        limit=human_size(self.max_total),
                        room=human_size(room),
                    )
                )
                continue
            item = QListWidgetItem(icon("attach"), f"{path.name}\n{human_size(size)}")
            item.setData(PATH_ROLE, str(path))
            item.setData(SIZE_ROLE, size)
            item.setToolTip(plain_tooltip(str(path)))  # a saved file's name is the sender's
            self.addItem(item)
            request_preview(path, THUMB, self, partial(self._show_preview, str(path)))
            added += 1
        if added:
            self.changed.emit()
        return added

    def _show_preview(self, path: str, preview: QIcon) -> None:
        """An image's preview arrived: on its item, unless the file was taken out meanwhile."""
        for row in range(self.count()):
            item = self.item(row)
            if item.data(PATH_ROLE) == path:
                item.setIcon(preview)

    @Slot()
    def pick(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add photos or files"), "", self.tr(FILE_FILTER)
        )
        self.add_paths([Path(n) for n in names])

    def paintEvent(self, event: QPaintEvent) -> None:
        """Empty, it says what goes in it: an empty box read as a broken one."""
        super().paintEvent(event)
        if self.count():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(
            self.viewport().rect().adjusted(12, 8, -12, -8),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            self.tr("No files yet: drop photos or files here, or add them with the button."),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentItem():
            self.takeItem(self.currentRow())
            self.changed.emit()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if files:
            self.add_paths(files)
            event.acceptProposedAction()
