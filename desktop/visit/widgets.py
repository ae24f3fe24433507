"""Small building blocks shared by the visit panel and its dialogs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QWidget,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("VisitPanel", text)


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
