"""Find an asset as you type: serial (any 4 characters off a label), name, model or site.

A USB scanner types the label then Enter: Enter opens the first match, also when
the scan outran the search (the match is opened as soon as it is found).  Before
anything is typed, the list holds the equipment of today's visits, the selected
visit's first, the first of it open: what a technician on site came to this screen for.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.asset_labels import status_chip, warranty_colour
from desktop.common.latest_query import LatestQuery
from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import colour, hex_colour
from sync.assets import FoundAsset, equipment_of_the_day, find_assets, normalise_serial
from sync.store.database import database_file

if TYPE_CHECKING:
    import sqlite_utils

ASSET_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Name", "Serial", "Model", "Site", "Warranty", "Status")


class SelectedVisit:
    """The visit selected in My visits, read by the search's worker (an int assignment is
    atomic: the worker sees the old visit or the new one)."""

    id: int | None = None


class Results(NamedTuple):
    hits: list[FoundAsset]
    day_of: int | None = None  # with no text: the visit the day's list leads with


def search_assets(
    db: sqlite_utils.Database, text: str, selected: SelectedVisit | None = None
) -> Results:
    """What was typed, found; with nothing typed, the day's equipment (None: the list stays
    empty, as in the link dialog, which names the site itself)."""
    if text:
        return Results(find_assets(db, text))
    if selected is None:
        return Results([])
    visit = selected.id  # read once: the GUI thread may pick another visit meanwhile
    return Results(equipment_of_the_day(db, first_visit=visit), visit)


class AssetFinder(QWidget):
    opened = Signal(int)  # an asset id: Enter in the box, or a result activated
    current_changed = Signal(int)  # the highlighted result

    def __init__(
        self,
        db: sqlite_utils.Database,
        parent: QWidget | None = None,
        *,
        offers_the_day: bool = True,
    ) -> None:
        """``offers_the_day``: with nothing typed, list the equipment of today's visits."""
        super().__init__(parent)
        self.selected = SelectedVisit()
        search = partial(search_assets, selected=self.selected if offers_the_day else None)
        self.query = LatestQuery(database_file(db), db, search, "asset-search", self)
        self.query.found.connect(self._show)
        self.box = QLineEdit()
        self.box.setAccessibleName(self.tr("Find equipment"))
        self.box.setPlaceholderText(
            self.tr("Serial (4 characters are enough), name, model or site — or scan the label")
        )
        self.box.setClearButtonEnabled(True)
        self.box.setMinimumHeight(36)
        self.box.setStyleSheet("font-size: 12pt;")
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._enter)
        self.box.installEventFilter(self)
        self.hint = QLabel(self.tr("Type or scan to find equipment on this laptop."))
        self.hint.setStyleSheet(f"color: {hex_colour('muted')};")
        self.results = QTreeWidget()
        self.results.setAccessibleName(self.tr("Equipment found"))
        self.results.setHeaderLabels([self.tr(c) for c in COLUMNS])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setStyleSheet("QTreeWidget::item { padding: 5px 2px; }")
        header = self.results.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Model and site give way (elided) before warranty and status would scroll out of
        # sight on a 1024-px screen.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setStretchLastSection(False)
        self.results.itemActivated.connect(self._activated)
        self.results.currentItemChanged.connect(self._current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.hint)
        layout.addWidget(self.results, 1)
        self.found: list[FoundAsset] = []
        self._shown_for: str | None = None  # the text the results belong to
        self._shown_visit: int | None = None  # and, with no text, the visit they lead with
        self._open_when_found: str | None = None  # Enter came before the results

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the box moves into the results (keyboard-only use)."""
        if (
            watched is self.box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.results.topLevelItemCount()
        ):
            self.results.setFocus()
            return True
        return super().eventFilter(watched, event)

    def search_text(self) -> str:
        return normalise_serial(self.box.text(), "")

    def set_visit(self, visit_id: int | None) -> None:
        """The visit selected in My visits: its equipment heads the list before anything is
        typed (read again when the screen is on show; it is when shown, anyway)."""
        self.selected.id = visit_id
        if not self.search_text() and self.isVisible():
            self.research()

    def research(self) -> None:
        """Search again (an asset changed): the results follow the record."""
        self.query.search(self.search_text())

    def shutdown(self) -> None:
        self.query.shutdown()

    @Slot(str)
    def _typed(self, _text: str) -> None:
        self._open_when_found = None
        self.query.search(self.search_text())

    @Slot()
    def _enter(self) -> None:
        text = self.search_text()
        if text == self._shown_for:
            self._open_first()  # also the day's equipment highlighted, with nothing typed
        elif text:
            self._open_when_found = text

    def _open_first(self) -> None:
        item = self.results.currentItem() or self.results.topLevelItem(0)
        if item is not None:
            self.opened.emit(int(item.data(0, ASSET_ROLE)))

    @Slot(str, object, float)
    def _show(self, text: str, results: object, _seconds: float) -> None:
        assert isinstance(results, Results)
        found = results.hits
        # The same text searched again (an asset changed; with no text, for the same
        # visit): the highlight stays where it was, so the record beside the list does not
        # jump to another asset.  Another visit picked: its equipment opens.
        again = text == self._shown_for and (bool(text) or results.day_of == self._shown_visit)
        self._shown_visit = results.day_of
        current = self.results.currentItem()
        keep = current.data(0, ASSET_ROLE) if again and current is not None else None
        self.found = found
        self._shown_for = text
        self.results.blockSignals(True)
        self.results.clear()
        rows = [self._row(hit) for hit in found]
        self.results.addTopLevelItems(rows)
        self.results.blockSignals(False)
        kept = [row for row in rows if row.data(0, ASSET_ROLE) == keep]
        if kept:
            self.results.blockSignals(True)  # the record shows it already
            self.results.setCurrentItem(kept[0])
            self.results.blockSignals(False)
        elif rows and not again:
            self.results.setCurrentItem(rows[0])
        if not text and found:
            self.hint.setText(
                self.tr("Equipment of today's visits — type or scan to find any other.")
            )
        elif not text:
            self.hint.setText(self.tr("Type or scan to find equipment on this laptop."))
        elif not found:
            self.hint.setText(self.tr("Nothing on this laptop matches “{t}”.").format(t=text))
        else:
            self.hint.setText(self.tr("{n} found — Enter opens the first").format(n=len(found)))
        if self._open_when_found is not None and self._open_when_found == text:
            self._open_when_found = None
            self._open_first()

    def _row(self, hit: FoundAsset) -> QTreeWidgetItem:
        asset = hit.asset
        status, status_colour = status_chip(asset)
        item = QTreeWidgetItem(
            [
                asset.name,
                asset.serial or "—",
                asset.model or "",
                asset.site or "",
                self.tr(hit.warranty.short),
                self.tr(status),
            ]
        )
        item.setData(0, ASSET_ROLE, asset.id)
        item.setToolTip(2, plain_tooltip(asset.model))
        item.setToolTip(3, plain_tooltip(asset.site))
        item.setToolTip(4, hit.warranty.label)
        item.setForeground(4, QBrush(colour(warranty_colour(hit.warranty))))
        item.setForeground(5, QBrush(colour(status_colour)))
        item.setFont(1, _mono(item))
        return item

    @Slot(QTreeWidgetItem, int)
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.opened.emit(int(item.data(0, ASSET_ROLE)))

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.current_changed.emit(int(item.data(0, ASSET_ROLE)))


def _mono(item: QTreeWidgetItem) -> QFont:
    font = item.font(1)
    font.setFamily("monospace")
    return font
