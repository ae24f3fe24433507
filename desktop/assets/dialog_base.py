"""The equipment dialogs: the shared work dialog (``desktop.common.action_dialog``: the
visit named in the title and first line, Enter saves, Esc cancels) with a form and notes.

The dialog only collects values; its ``save`` callback writes them (one durable
change through ``sync.assets``) and answers True (saved: close) or False
(refused: stay open, the message says why).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.common.action_dialog import ActionDialog, Save, VisitRef
from desktop.common.theme import hex_colour

__all__ = ["FIELD_HEIGHT", "AssetDialog", "Save", "line"]

FIELD_HEIGHT = 32


def line(text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(FIELD_HEIGHT)
    return edit


class AssetDialog(ActionDialog):
    def __init__(
        self,
        title: str,
        save_text: str,
        save: Save,
        visit: VisitRef | None,
        parent: QWidget | None,
    ) -> None:
        super().__init__(title, save_text, save, parent)
        if visit is not None:
            self.belongs_to(visit)

    def form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.body.addLayout(form)
        return form

    def note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # may quote an asset's name
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {hex_colour('muted')};")
        self.body.addWidget(label)
        return label
