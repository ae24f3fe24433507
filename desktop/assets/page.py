"""The Equipment screen: the find box over the results, the open asset's record beside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from desktop.assets.actions import AssetActions
from desktop.assets.finder import AssetFinder
from desktop.assets.record import AssetRecord
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from sync import assets

if TYPE_CHECKING:
    import sqlite_utils


class AssetsPage(QWidget):
    changed = Signal()  # an asset change committed: counts and lists catch up
    visit_requested = Signal(int)  # a past ticket of the asset, opened

    def __init__(
        self, db: sqlite_utils.Database, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.messages = messages
        self.current_visit: int | None = None
        self.asset_id: int | None = None
        self.finder = AssetFinder(db)
        self.record = AssetRecord()
        self.asset_actions = AssetActions(db, messages, self)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.finder)
        splitter.addWidget(self.record)
        splitter.setSizes([640, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.finder.opened.connect(self._open_and_focus)
        self.finder.current_changed.connect(self.open_asset)
        self.record.edit_requested.connect(lambda a: self.asset_actions.edit(a, self._visit_of(a)))
        self.record.replace_requested.connect(
            lambda a: self.asset_actions.replace(a, self.current_visit)
        )
        self.record.retire_requested.connect(
            lambda a: self.asset_actions.retire(a, self._visit_of(a))
        )
        self.record.link_requested.connect(self._link)
        self.record.visit_requested.connect(self.visit_requested)
        self.asset_actions.saved.connect(self._saved)
        # A QAction on the screen (not a bare shortcut): F1 lists it with the others.
        find = QAction(icon("serial"), self.tr("Find equipment"), self)
        find.setShortcut(QKeySequence("Ctrl+F"))
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # on show only (kb/view.py)
        find.triggered.connect(self.focus_search)
        self.addAction(find)

    def focus_first(self) -> None:
        """The screen shown (Ctrl+6): the focus in the find box, ready for a scan."""
        self.focus_search()

    def focus_search(self) -> None:
        self.finder.box.setFocus()
        self.finder.box.selectAll()

    @Slot(object)
    def set_current_visit(self, visit_id: int | None) -> None:
        """The visit selected in My visits: 'Link to visit' and Replace work on it."""
        self.current_visit = visit_id
        self.record.set_current_visit(self.current_visit)
        self.finder.set_visit(visit_id)

    def _visit_of(self, asset_id: int) -> int | None:
        """The selected visit, if the asset is on it: an edit or a retirement then goes in
        that visit's report; one made from this screen about other equipment does not."""
        detail = self.record.detail
        on_it = (
            detail is not None
            and detail.asset.id == asset_id
            and self.current_visit in detail.visits
        )
        return self.current_visit if on_it else None

    @Slot(int)
    def open_asset(self, asset_id: int) -> None:
        detail = assets.get_asset(self.db, asset_id)
        shown = self.record.detail
        if detail is None and shown is not None and shown.asset.id == asset_id:
            detail = self._sent_since(shown.asset)
        self.asset_id = detail.asset.id if detail is not None else asset_id
        self.record.show_asset(detail)

    def _sent_since(self, local: assets.Asset) -> assets.AssetDetail | None:
        """An asset added here got RT's id in a sync: the record stays open under it."""
        if not local.local:
            return None
        for hit in assets.find_assets(self.db, local.serial or local.name):
            if (hit.asset.name, hit.asset.serial) == (local.name, local.serial):
                return assets.get_asset(self.db, hit.asset.id)
        return None

    @Slot(int)
    def _open_and_focus(self, asset_id: int) -> None:
        """Enter or a scan: the record; the box keeps the focus with its text selected,
        so the next scan replaces it."""
        self.open_asset(asset_id)
        self.finder.box.selectAll()

    def refresh(self) -> None:
        self.finder.research()
        if self.asset_id is not None:
            self.open_asset(self.asset_id)

    def shutdown(self) -> None:
        """Stop the search thread (the window is closing)."""
        self.finder.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # shown on its own (tests, screenshots)
        self.shutdown()
        super().closeEvent(event)

    @Slot(int)
    def _link(self, asset_id: int) -> None:
        if self.current_visit is not None:
            self.asset_actions.link(asset_id, self.current_visit)

    @Slot(int)
    def _saved(self, asset_id: int) -> None:
        if asset_id:
            self.asset_id = asset_id
        self.changed.emit()
        self.refresh()
