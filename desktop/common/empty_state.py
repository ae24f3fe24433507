"""A screen with nothing to show says what it is for, in one line, instead of empty panes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from desktop.common.spoken import show_text
from desktop.common.theme import hex_colour


class EmptyState(QStackedWidget):
    """The screen's content, or — when it has nothing — one line saying what appears here."""

    def __init__(self, content: QWidget, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.content = content
        self.note = QLabel()
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # may quote what was typed
        self.note.setMargin(24)
        show_text(self.note, self.tr("Nothing to show"), text)
        self.note.setStyleSheet(f"QLabel {{ color: {hex_colour('muted')}; font-size: 11pt; }}")
        self.addWidget(content)
        self.addWidget(self.note)

    def set_empty(self, empty: bool, text: str | None = None) -> None:
        if text is not None:
            show_text(self.note, self.tr("Nothing to show"), text)
        self.setCurrentWidget(self.note if empty else self.content)

    def focus(self, widget: QWidget) -> None:
        """Focus the content's ``widget`` — or, with nothing to show, the line saying so,
        which a screen reader then reads (its keys still work: they are the window's)."""
        (self.note if self.is_empty else widget).setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.note
