"""Edit a change not yet sent, or refused by the helpdesk: the fields that fit its kind."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop.common.action_dialog import ActionDialog, Save
from desktop.common.field_names import describe_change, field_label
from desktop.common.text_box import text_box
from desktop.common.theme import hex_colour
from sync.dispatch import iso, parse_local
from sync.fields import DATE_FIELDS, STATUSES
from sync.laptop_zone import laptop_zone
from sync.outbox import MAX_NOTE_MINUTES, InvalidChange, OutboxRow
from sync.stamps import parse_stamp

TYPED_TIME = "%Y-%m-%d %H:%M"  # as a time is typed in the field, on the laptop's clock

Editor = QLineEdit | QPlainTextEdit | QSpinBox | QComboBox
MULTILINE_FIELDS = frozenset({"address", "contact", "parts_used"})


def _value(editor: Editor) -> Any:
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QSpinBox):
        return editor.value()
    if isinstance(editor, QComboBox):
        return editor.currentText()
    return editor.text()


class ChangeEditor(ActionDialog):
    """A work dialog like the visit's: Cancel and a big Save, Ctrl+Enter saves.

    ``save`` gets ``changes()``, only what the user changed (``outbox.edit``'s)."""

    def __init__(self, row: OutboxRow, save: Save, parent: QWidget | None = None) -> None:
        refused = row.state == "rejected"
        title = self.tr("Edit the refused change") if refused else self.tr("Edit the change")
        super().__init__(title, self.tr("Save edit"), save, parent)
        self.row = row
        self.editors: dict[str, Editor] = {}
        self._original: dict[str, Any] = {}
        self.resize(640, 420)
        self.save_button.setToolTip(
            self.tr("Keep the edit (Ctrl+Enter); then Retry sends it")
            if refused
            else self.tr("Keep the edit (Ctrl+Enter); it is sent at the next sync")
        )
        # The change quotes the visit's subject, the reason the helpdesk's words: plain text.
        heading = QLabel(describe_change(row))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        self.body.addWidget(heading)
        if row.last_error:
            reason = QLabel(self.tr("The helpdesk said: {reason}").format(reason=row.last_error))
            reason.setTextFormat(Qt.TextFormat.PlainText)
            reason.setWordWrap(True)
            reason.setStyleSheet(f"color: {hex_colour('overdue')};")
            self.body.addWidget(reason)
        form = QFormLayout()
        self.body.addLayout(form, 1)
        self._build_fields(form)

    def values(self) -> dict[str, Any]:
        return self.changes()

    def _add(self, form: QFormLayout, key: str, label: str, editor: Editor) -> None:
        editor.setAccessibleName(label.replace("&", ""))
        editor.setMinimumHeight(32)
        form.addRow(label, editor)  # the label's &mnemonic focuses the editor
        self.editors[key] = editor
        self._original[key] = _value(editor)
        if len(self.editors) == 1:
            editor.setFocus()

    def _build_fields(self, form: QFormLayout) -> None:
        p = self.row.payload
        if self.row.kind == "note":
            text = text_box(str(p.get("content", "")))
            self._add(form, "content", self.tr("&Text:"), text)
            minutes = QSpinBox()
            minutes.setRange(0, MAX_NOTE_MINUTES)
            minutes.setSuffix(self.tr(" min"))
            minutes.setValue(int(p.get("time_taken") or 0))
            self._add(form, "time_taken", self.tr("Time &spent:"), minutes)
        elif self.row.kind == "set_fields":
            for name, value in p["changes"].items():
                self._add(form, name, f"&{self.tr(field_label(name))}:", self._field(name, value))
        elif self.row.kind == "article":
            self._add(form, "name", self.tr("&Title:"), QLineEdit(str(p.get("name", ""))))
            self._add(form, "summary", self.tr("S&ummary:"), QLineEdit(str(p.get("summary", ""))))
            content = text_box(str(p.get("content", "")))
            self._add(form, "content", self.tr("Te&xt:"), content)

    def _field(self, name: str, value: str | None) -> Editor:
        if name == "status":
            box = QComboBox()
            box.addItems(list(STATUSES))
            box.setCurrentText(value or "")
            return box
        if name in MULTILINE_FIELDS:
            return text_box(value or "")
        line = QLineEdit(value or "")
        if name in DATE_FIELDS:
            # The laptop's clock, as the visit beside it shows times: a UTC field here
            # took the local time meant and sent it an hour or more off.
            line.setPlaceholderText(self.tr("YYYY-MM-DD HH:MM"))
            line.setToolTip(self.tr("Local time, as the visit shows it"))
            if value:
                line.setText(parse_stamp(value).astimezone(laptop_zone()).strftime(TYPED_TIME))
        return line

    @Slot()
    def submit(self) -> None:
        """A time that cannot be read (or the clocks skip) is said here; the dialog stays."""
        try:
            self.changes()
        except InvalidChange as error:
            self.say(str(error))
            return
        super().submit()

    def changes(self) -> dict[str, Any]:
        """Only what the user actually changed; times as the replica keeps them (UTC)."""
        changed = {
            key: _value(editor)
            for key, editor in self.editors.items()
            if _value(editor) != self._original[key]
        }
        for key, text in changed.items():
            if key in DATE_FIELDS and text.strip():
                changed[key] = iso(parse_local(text, laptop_zone()))
        return changed
