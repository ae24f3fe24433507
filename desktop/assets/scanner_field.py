"""A serial number box a USB scanner can type into.

The scanner types the label and then Enter.  In a form, that Enter must not
save a record whose other fields are still empty: it tidies the serial
(``normalise_serial``) and moves on to the next field, as a technician
scanning a label and then typing the model expects.  Save stays a deliberate
Enter in another field, or the Save button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from sync.serials import normalise_serial


class ScannerField(QLineEdit):
    scanned = Signal(str)  # the tidied serial, after Enter

    def __init__(self, catalog: str = "Field Equipment", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.setPlaceholderText(self.tr("Type or scan the label"))
        self.setStyleSheet("font-family: monospace; font-size: 12pt;")
        self.setMinimumHeight(34)

    def serial(self) -> str:
        return normalise_serial(self.text(), self.catalog)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            self.setText(self.serial())
            self.scanned.emit(self.text())
            self.focusNextChild()
            event.accept()
            return
        super().keyPressEvent(event)
