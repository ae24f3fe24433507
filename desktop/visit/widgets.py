"""Small building blocks shared by the visit panel and its dialogs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QWidget,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("VisitPanel", text)


class ElidedLabel(QLabel):
    """One line of plain text cut with "…" to the room it has: however long the text,
    it never widens its column or pushes a divider (the whole text is its tooltip)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.full_text = ""

    def set_full_text(self, text: str) -> None:
        self.full_text = " ".join(text.split())
        self.setToolTip(self.full_text)
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(0, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(
            self.full_text, Qt.TextElideMode.ElideRight, max(0, self.contentsRect().width())
        )
        if shown != self.text():
            self.setText(shown)


def tree(
    columns: Sequence[str], name: str, stretch: int = 0, parent: QWidget | None = None
) -> QTreeWidget:
    """A flat, sortable-looking list with roomy rows: equipment, files, related tickets."""
    widget = QTreeWidget(parent)
    widget.setColumnCount(len(columns))
    widget.setHeaderLabels(list(columns))
    widget.setRootIsDecorated(False)
    widget.setUniformRowHeights(True)
    widget.setAlternatingRowColors(True)
    widget.setAccessibleName(name)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setStyleSheet("QTreeWidget::item { padding: 6px 2px; }")
    header = widget.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)  # takes the room left
    widget.setTextElideMode(Qt.TextElideMode.ElideRight)
    return widget


def human_size(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
