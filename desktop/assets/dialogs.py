"""The asset dialogs: add or edit its fields, replace it, retire it, pick one to link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.assets.dialog_base import FIELD_HEIGHT, AssetDialog, Save, line
from desktop.assets.finder import ASSET_ROLE, AssetFinder
from desktop.assets.scanner_field import ScannerField
from desktop.common.action_dialog import VisitRef
from sync.assets import Asset, assets_at_site

if TYPE_CHECKING:
    import sqlite_utils

# The fields a technician fills in, in the order a label and a delivery note give them.
FORM_FIELDS = (
    ("name", "Name", "e.g. ACME-PRN-03"),
    ("serial", "Serial", ""),
    ("model", "Model", "e.g. HP LaserJet Pro M404dn"),
    ("warranty", "Warranty end", "YYYY-MM-DD"),
    ("purchase_date", "Purchase date", "YYYY-MM-DD"),
    ("site", "Site", ""),
    ("description", "Description", "Where it stands, who uses it"),
)
GONE = frozenset({"retired", "recycled", "stolen", "deleted"})


class AssetFields(QWidget):
    """The fields of one asset as a form; the serial box takes a scanner's Enter."""

    def __init__(self, asset: Asset | None, site: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        self.serial = ScannerField(asset.catalog or "Field Equipment" if asset else "")
        self.serial.setAccessibleName(self.tr("Serial number"))
        for key, label, hint in FORM_FIELDS:
            value = (getattr(asset, key) or "") if asset else (site if key == "site" else "")
            edit = self.serial if key == "serial" else line(value, self.tr(hint))
            if key == "serial":
                edit.setText(value)
            edit.setAccessibleName(self.tr(label))
            form.addRow(self.tr(label) + ":", edit)
            self.edits[key] = edit

    def values(self) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for key, edit in self.edits.items():
            text = self.serial.serial() if edit is self.serial else edit.text().strip()
            found[key] = text or None
        return found


class AssetFieldsDialog(AssetDialog):
    """Add an asset found on site (asset None) or edit one's fields."""

    def __init__(
        self,
        asset: Asset | None,
        site: str,
        visit: VisitRef | None,
        save: Save,
        parent: QWidget | None,
    ) -> None:
        title = (
            self.tr("Edit {name}").format(name=asset.name) if asset else self.tr("Add equipment")
        )
        super().__init__(title, self.tr("Save") if asset else self.tr("Add"), save, visit, parent)
        self.asset = asset
        if asset is None:
            self.note(self.tr("Equipment found on site that is not on record yet."))
        self.fields = AssetFields(asset, site)
        self.body.addWidget(self.fields)
        self.fields.edits["serial" if asset else "name"].setFocus()
        self.resize(480, 0)

    def values(self) -> dict[str, str | None]:
        fields = self.fields.values()
        if self.asset is None:
            return {k: v for k, v in fields.items() if v}
        return {k: v for k, v in fields.items() if v != (getattr(self.asset, k) or None)}


@dataclass(frozen=True)
class Replacement:
    old_status: str  # "rma" or "retired"
    note: str
    new_fields: dict[str, str | None] | None  # a new asset …
    new_id: int | None  # … or one of the site's


class ReplaceDialog(AssetDialog):
    """Replace a part or a device in one step: the old one's fate, then the new one."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        old: Asset,
        visit: VisitRef | None,
        save: Save,
        parent: QWidget | None,
    ) -> None:
        super().__init__(
            self.tr("Replace {name}").format(name=old.name),
            self.tr("Replace"),
            save,
            visit,
            parent,
        )
        self.old = old
        self.body.addWidget(self._old_box())
        self.body.addWidget(self._new_box(db))
        self.note(
            self.tr(
                "Both go on this visit and into the service report; one change is sent"
                " at the next sync."
            )
        )
        self.reason.setFocus()
        self.resize(560, 0)

    def _old_box(self) -> QGroupBox:
        box = QGroupBox(
            self.tr("Taken out: {name} · serial {serial}").format(
                name=self.old.name, serial=self.old.serial or "—"
            )
        )
        form = QFormLayout(box)
        self.rma = QRadioButton(self.tr("back to the vendor under &RMA"))
        self.retired = QRadioButton(
            self.tr("out of use: re&tired (scrapped, or kept by the customer)")
        )
        self.rma.setChecked(True)
        fate = QVBoxLayout()
        fate.addWidget(self.rma)
        fate.addWidget(self.retired)
        form.addRow(self.tr("Goes:"), fate)
        self.reason = line(placeholder=self.tr("Fault, RMA number…"))
        self.reason.setAccessibleName(self.tr("Why it was replaced"))
        form.addRow(self.tr("Note:"), self.reason)
        return box

    def _new_box(self, db: sqlite_utils.Database) -> QGroupBox:
        box = QGroupBox(self.tr("Put in"))
        column = QVBoxLayout(box)
        self.create_new = QRadioButton(self.tr("&New equipment:"))
        self.from_site = QRadioButton(self.tr("One from the site's &inventory:"))
        group = QButtonGroup(self)
        group.addButton(self.create_new)
        group.addButton(self.from_site)
        self.fields = AssetFields(None, self.old.site or "")
        self.fields.edits["model"].setText(self.old.model or "")
        self.inventory = QComboBox()
        self.inventory.setMinimumHeight(FIELD_HEIGHT)
        self.inventory.setAccessibleName(self.tr("Equipment from the site's inventory"))
        site = assets_at_site(db, self.old.site or "")
        # The same model first, spares before ones in use: the likeliest replacement.
        for asset in sorted(
            site, key=lambda a: (a.model != self.old.model, a.status == "in-use", a.name)
        ):
            if asset.id != self.old.id and (asset.status or "") not in GONE | {"rma"}:
                label = f"{asset.name} · {asset.model or ''} · {asset.serial or '—'}"
                self.inventory.addItem(label, asset.id)
        self.from_site.setEnabled(self.inventory.count() > 0)
        column.addWidget(self.create_new)
        column.addWidget(self.fields)
        row = QHBoxLayout()
        row.addWidget(self.from_site)
        row.addWidget(self.inventory, 1)
        column.addLayout(row)
        self.create_new.toggled.connect(self._follow_choice)
        self.create_new.setChecked(True)
        self._follow_choice(True)
        return box

    @Slot(bool)
    def _follow_choice(self, create: bool) -> None:
        self.fields.setEnabled(create)
        self.inventory.setEnabled(not create)

    def values(self) -> Replacement:
        creating = self.create_new.isChecked()
        return Replacement(
            old_status="retired" if self.retired.isChecked() else "rma",
            note=self.reason.text(),
            new_fields={k: v for k, v in self.fields.values().items() if v} if creating else None,
            new_id=None if creating else int(self.inventory.currentData()),
        )


class RetireDialog(AssetDialog):
    def __init__(
        self, asset: Asset, visit: VisitRef | None, save: Save, parent: QWidget | None
    ) -> None:
        super().__init__(
            self.tr("Retire {name}").format(name=asset.name), self.tr("Retire"), save, visit, parent
        )
        self.note(
            self.tr(
                "{name} (serial {serial}) is marked retired, with your reason in its record."
            ).format(name=asset.name, serial=asset.serial or "—")
        )
        self.reason = line(placeholder=self.tr("Why: broken beyond repair, taken away…"))
        self.reason.setAccessibleName(self.tr("Why it is retired"))
        self.body.addWidget(self.reason)
        self.reason.setFocus()
        self.resize(460, 0)

    def values(self) -> str:
        return self.reason.text()


class LinkAssetDialog(AssetDialog):
    """Pick a known asset (find box, scanner welcome) to put on the visit."""

    def __init__(
        self,
        db: sqlite_utils.Database,
        site: str,
        visit: VisitRef | None,
        save: Save,
        parent: QWidget | None,
    ) -> None:
        super().__init__(
            self.tr("Link equipment"), self.tr("Link to the visit"), save, visit, parent
        )
        self.finder = AssetFinder(db, offers_the_day=False)
        self.finder.opened.connect(lambda _id: self.submit())
        self.body.addWidget(self.finder)
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.finder.box.setText(site)
        self.finder.box.selectAll()
        self.finder.box.setFocus()
        self.resize(820, 460)

    def entered(self) -> tuple[object, ...]:
        return ()  # a search, cheap to type again: Esc closes without asking

    def values(self) -> int | None:
        item = self.finder.results.currentItem()
        return int(item.data(0, ASSET_ROLE)) if item is not None else None

    def done(self, result: int) -> None:
        self.finder.shutdown()
        super().done(result)
