"""The visit's equipment: model, serial number and warranty at a glance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.common.theme import colour
from desktop.visit.widgets import tree
from sync.store.assets import Asset

ASSET_ROLE = Qt.ItemDataRole.UserRole + 1


def warranty_text(warranty: str | None, today: date | None = None) -> tuple[str, bool]:
    """'until 31 Mar 2027' / 'expired 30 Sep 2025', and whether it has expired."""
    if not warranty:
        return "unknown", False
    try:
        ends = date.fromisoformat(warranty[:10])
    except ValueError:
        return warranty, False
    expired = ends < (today or date.today())
    label = ends.strftime("%d %b %Y")
    return (f"expired {label}", True) if expired else (f"until {label}", False)


class EquipmentList(QWidget):
    serial_requested = Signal(int)  # asset id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = tree(
            [self.tr("Equipment"), self.tr("Model"), self.tr("Serial"), self.tr("Warranty")],
            self.tr("Equipment"),
            stretch=1,
        )
        self.list.setToolTip(self.tr("Double-click or Enter: record or correct the serial number"))
        self.list.itemActivated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.assets: list[Asset] = []

    def set_assets(self, assets: list[Asset]) -> None:
        self.assets = assets
        self.list.clear()
        red = QBrush(colour("overdue"))
        amber = QBrush(colour("warn"))
        items = []
        for asset in assets:
            warranty, expired = warranty_text(asset.warranty)
            serial = asset.serial or self.tr("(none recorded)")
            if asset.serial_unsent:
                serial += " ●"
            item = QTreeWidgetItem([asset.name, asset.model or "", serial, self.tr(warranty)])
            item.setData(0, ASSET_ROLE, asset.id)
            if expired:
                item.setForeground(3, red)
            if asset.serial_unsent:
                item.setForeground(2, amber)
                item.setToolTip(2, self.tr("Corrected here; sent at the next sync"))
            items.append(item)
        self.list.addTopLevelItems(items)

    def current_asset(self) -> int | None:
        item = self.list.currentItem()
        if item is not None:
            return int(item.data(0, ASSET_ROLE))
        return self.assets[0].id if self.assets else None

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.serial_requested.emit(int(item.data(0, ASSET_ROLE)))
