"""The visit's equipment: model, serial, warranty and status at a glance, and what to do
with it on site (link a known asset, add one found here, edit, replace, retire).

The asset dialogs belong to the Equipment screen: the buttons here say which
action on which asset (``asset_action``) and the window hands it over.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.common.asset_labels import status_chip, warranty_colour
from desktop.common.icons import icon
from desktop.common.theme import colour
from desktop.visit.widgets import refill, tree
from sync.asset_warranty import warranty_state
from sync.shown_text import shown_text
from sync.store.assets import Asset

ASSET_ROLE = Qt.ItemDataRole.UserRole + 1
# (action, label, icon, needs a selected asset, what it does): short labels, so the
# five fit the 500-px panel of a 1024-px screen; the tooltip says the rest.
BUTTONS = (
    ("link", "Li&nk…", "link", False, "Link equipment on record to this visit (find or scan it)"),
    ("add", "&Add…", "new-ticket", False, "Add equipment found on site, not yet on record"),
    ("edit", "E&dit…", "edit", True, "Edit the selected equipment's fields"),
    (
        "replace",
        "Re&place…",
        "sync",
        True,
        "Replace the selected asset: RMA or retire it, put in another",
    ),
    ("retire", "&Retire…", "discard", True, "Retire the selected equipment, with the reason"),
)


def warranty_cell(warranty: str | None) -> tuple[str, str]:
    """The Warranty column's text and colour, as the asset finder shows them; a value
    that is not a date (an RT field kept as free text) is shown as it is."""
    state = warranty_state(warranty)
    if state.ends is None and warranty:
        return warranty, "muted"
    return state.short, warranty_colour(state)


class EquipmentList(QWidget):
    serial_requested = Signal(int)  # asset id
    asset_action = Signal(str, int)  # action (BUTTONS), asset id (0: none needed)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = tree(
            [
                self.tr("Equipment"),
                self.tr("Model"),
                self.tr("Serial"),
                self.tr("Warranty"),
                self.tr("Status"),
            ],
            self.tr("Equipment"),
            stretch=1,
        )
        self.list.setToolTip(self.tr("Double-click or Enter: record or correct the serial number"))
        self.list.itemActivated.connect(self._on_activated)
        self.list.currentItemChanged.connect(self._follow_selection)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for action, label, icon_name, _needs_asset, tip in BUTTONS:
            widget = QPushButton(icon(icon_name), self.tr(label))
            widget.setToolTip(self.tr(tip))
            widget.setMinimumHeight(32)
            widget.clicked.connect(lambda _=False, a=action: self._request(a))
            row.addWidget(widget)
            self.buttons[action] = widget
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.assets: list[Asset] = []
        self.writable = True

    def set_assets(self, assets: list[Asset], *, writable: bool = True) -> None:
        selected = self.current_asset() if self.list.currentItem() is not None else None
        self.assets = assets
        self.writable = writable
        amber = QBrush(colour("warn"))
        items = []
        for asset in assets:
            warranty, warranty_shade = warranty_cell(asset.warranty)
            name, model = shown_text(asset.name), shown_text(asset.model or "")
            serial = shown_text(asset.serial or "") or self.tr("(none recorded)")
            unsent = asset.serial_unsent or "serial" in asset.unsent
            if unsent:
                serial += " ●"
            status, status_colour = status_chip(asset)
            item = QTreeWidgetItem([name, model, serial, self.tr(warranty), self.tr(status)])
            item.setData(0, ASSET_ROLE, asset.id)
            item.setForeground(3, QBrush(colour(warranty_shade)))
            item.setForeground(4, QBrush(colour(status_colour)))
            if unsent:
                item.setForeground(2, amber)
                item.setToolTip(2, self.tr("Corrected here; sent at the next sync"))
            items.append(item)
        current = None
        for item in items:
            if selected is not None and item.data(0, ASSET_ROLE) == selected:
                current = item
        refill(self.list, items, current)
        self._follow_selection()

    def current_asset(self) -> int | None:
        item = self.list.currentItem()
        if item is not None:
            return int(item.data(0, ASSET_ROLE))
        return self.assets[0].id if self.assets else None

    @Slot()
    def _follow_selection(self) -> None:
        has_asset = self.current_asset() is not None
        for action, _label, _icon, needs_asset, _tip in BUTTONS:
            self.buttons[action].setEnabled(self.writable and (has_asset or not needs_asset))

    def _request(self, action: str) -> None:
        asset_id = self.current_asset()
        self.asset_action.emit(action, asset_id or 0)

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.serial_requested.emit(int(item.data(0, ASSET_ROLE)))
