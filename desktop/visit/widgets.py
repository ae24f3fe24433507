"""Small building blocks shared by the visit panel and its dialogs."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
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


def refill(
    widget: QTreeWidget,
    items: Sequence[QTreeWidgetItem],
    current: QTreeWidgetItem | None = None,
) -> None:
    """Replace the rows of a ``tree()`` with ``items``; ``current``: the row made current.

    ``QTreeWidget.clear()`` takes the rows away one at a time, the last first; with a
    current row, each one taken moves the current row up one, and each move had the
    view measure its ResizeToContents columns over every row left: leaving a visit with
    300 files froze the window for over a second. So the current row is let go first,
    and the columns are measured once, when the new rows are in.
    """
    header = widget.header()
    to_contents = QHeaderView.ResizeMode.ResizeToContents
    sized = [c for c in range(header.count()) if header.sectionResizeMode(c) == to_contents]
    painting = widget.updatesEnabled()
    widget.setUpdatesEnabled(False)
    try:
        for column in sized:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        widget.setCurrentIndex(QModelIndex())  # no current row (nor a selected one)
        widget.clear()
        widget.addTopLevelItems(list(items))
        if current is not None:
            widget.setCurrentItem(current)
    finally:
        for column in sized:
            header.setSectionResizeMode(column, to_contents)
        widget.setUpdatesEnabled(painting)


def human_size(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"
