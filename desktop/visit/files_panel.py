"""The visit's files: open or save them; those not downloaded yet come on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.common.buttons import button
from desktop.common.empty_state import EmptyState
from desktop.common.icons import icon
from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import colour
from desktop.common.times import short_time
from desktop.visit.file_safety import display_name, real_extension, runs_code, safe_base_name
from desktop.visit.widgets import human_size, refill, tree
from sync.attachments import on_this_laptop
from sync.store.files import VisitFile

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class FilesPanel(QWidget):
    open_requested = Signal(int)  # file key
    save_requested = Signal(int)
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = tree(
            [self.tr("File"), self.tr("Size"), self.tr("Added"), self.tr("Where")],
            self.tr("Files of the visit"),
        )
        self.list.setToolTip(self.tr("Double-click or Enter: open"))
        # A long name is cut in its middle: its real extension (".exe") stays in sight.
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.itemActivated.connect(self._on_activated)
        self.open_button = button(self.tr("&Open"), "open", self.tr("Open the file (Enter)"))
        self.save_button = button(self.tr("Save &as…"), "save", self.tr("Save a copy (Alt+A)"))
        self.add_button = button(
            self.tr("Add photos or files…"), "photo", self.tr("Or drop files on the visit (Ctrl+O)")
        )
        self.open_button.clicked.connect(self._open_current)
        self.save_button.clicked.connect(self._save_current)
        self.add_button.clicked.connect(self.add_requested)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.save_button)
        row.addStretch()
        row.addWidget(self.add_button)
        # An empty table read as a broken tab: one line says what comes here.
        self.shown = EmptyState(
            self.list,
            self.tr(
                "No files on this visit yet. Photos and files you add here, and those the "
                "customer or a colleague attached on the helpdesk, are listed here."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.shown)
        layout.addLayout(row)

    def set_files(self, files: list[VisitFile]) -> None:
        items = []
        for f in files:
            here = on_this_laptop(f.path)  # a folder deleted by hand leaves rows behind
            if f.unsent:
                where = self.tr("not yet sent") if here else self.tr("not yet sent; file gone")
            elif here:
                where = self.tr("on this laptop")
            elif f.path:
                where = self.tr("no longer on this laptop: downloads when opened")
            else:
                where = self.tr("on the helpdesk")  # opening it downloads it
            name = display_name(f.filename)
            # Judged by the name it is saved and opened under, as the opener judges it: a
            # hidden character or a trailing dot ("invoice.pdf.exe\u200b") must not pass.
            saved_as = safe_base_name(f.filename)
            item = QTreeWidgetItem([name, human_size(f.size), short_time(f.created), where])
            item.setData(0, KEY_ROLE, f.key)
            if runs_code(saved_as):  # told before it is opened, not only when it is
                item.setIcon(0, icon("warning"))  # beside the name: typing it still finds it
                item.setForeground(0, colour("warn"))
                item.setToolTip(0, plain_tooltip(self._program_words(name, saved_as)))
            else:
                item.setToolTip(0, plain_tooltip(name))
            items.append(item)
        refill(self.list, items, current=items[-1] if items else None)
        for widget in (self.open_button, self.save_button):
            widget.setEnabled(bool(items))
        self.shown.set_empty(not items)

    def _program_words(self, name: str, saved_as: str) -> str:
        return self.tr(
            "{name}\nA program ({extension}): it runs when opened. FieldDesk asks first;"
            " open it only if you know who sent it and why."
        ).format(name=name, extension=real_extension(saved_as))

    def current_key(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(0, KEY_ROLE)) if item is not None else None

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.open_requested.emit(int(item.data(0, KEY_ROLE)))

    @Slot()
    def _open_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.open_requested.emit(key)

    @Slot()
    def _save_current(self) -> None:
        key = self.current_key()
        if key is not None:
            self.save_requested.emit(key)
