"""What the asset dialogs share: a form, Save (Enter) and Cancel (Esc), a visit line.

The dialog only collects values; its ``save`` callback writes them (one durable
change through ``sync.assets``) and answers True (saved: close) or False
(refused: stay open, the message says why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.theme import hex_colour

Save = Callable[[Any], bool]
FIELD_HEIGHT = 32


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(FIELD_HEIGHT)
    return edit


class AssetDialog(QDialog):
    def __init__(
        self, title: str, save_text: str, save: Save, visit: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(10)
        if visit:
            where = QLabel(visit)
            where.setStyleSheet("font-weight: 600;")
            outer.addWidget(where)
        self.body = QVBoxLayout()
        outer.addLayout(self.body)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(save_text)
        self.save_button.setDefault(True)
        self.save_button.setStyleSheet("font-weight: 600; padding: 4px 18px;")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

    def form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(form)
        return form

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {hex_colour('muted')};")
        self.body.addWidget(label)
        return label

    def values(self) -> Any:
        """What the dialog saves: each dialog answers (Qt's metaclass rules out ABCMeta)."""
        raise NotImplementedError(f"{type(self).__name__} must say what it saves")

    @Slot()
    def submit(self) -> None:
        if self._save(self.values()):
            self.accept()
