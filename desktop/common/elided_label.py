"""A one-line label that cuts its text with "…" to the room it is given."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.spoken import name_text
from sync.shown_text import shown_text


class ElidedLabel(QLabel):
    """One line of plain text cut with "…" to the room it has: however long the text,
    it never widens its column or pushes a divider (the whole text is its tooltip).

    ``field`` (e.g. "Visit"): a screen reader hears "Visit: #3 Toner low", the whole text.
    """

    def __init__(self, parent: QWidget | None = None, *, field: str = "") -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.field = field
        self.full_text = ""
        self._shown = ""
        if field:
            name_text(self, field, "")

    def set_full_text(self, text: str) -> None:
        """Often the helpdesk's words: shown without what could hide or reorder them."""
        words = " ".join(shown_text(text).split())
        self._show(words, words)

    def _show(self, words: str, shown: str) -> None:
        self.full_text = words
        self._shown = shown  # what is drawn, cut to the room
        self.setToolTip(plain_tooltip(self.full_text))  # often the helpdesk's words: as text
        if self.field:
            name_text(self, self.field, self.full_text)
        self._elide()

    def set_line(self, line: str) -> None:
        """A line FieldDesk composed, each stranger's part of it ``isolated``: shown as
        composed, left to right whatever script those parts are in.  Its tooltip and
        what a screen reader hears are the words alone."""
        self._show(" ".join(shown_text(line).split()), "\u200e" + " ".join(line.split()))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self._shown, Qt.TextElideMode.ElideRight, max(0, self.contentsRect().width())
        )
        if shown != self.text():
            self.setText(shown)
