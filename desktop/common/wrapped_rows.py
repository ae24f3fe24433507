"""Rows of a tree as tall as their text, wrapped to the columns' current widths.

``QTreeView.setWordWrap(True)`` alone draws wrapped text in rows one line high:
the view measures a row with an item rect of no width, so the style never wraps
it.  This delegate measures each cell at its column's width (less the tree's
indentation in the first column), and ``wrap_rows`` measures again when a
column is resized.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, QTimer
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrappedRows(QStyledItemDelegate):
    """Wraps the text of ``columns``; the other columns keep one line, cut with "…"."""

    def __init__(self, tree: QTreeView, columns: Collection[int], padding: int = 0) -> None:
        super().__init__(tree)
        self.tree = tree
        self.columns = frozenset(columns)
        self.padding = padding  # a style sheet's item padding, left and right together

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.column() not in self.columns:
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        width = self.tree.columnWidth(index.column())
        if index.column() == self.tree.header().logicalIndex(0):
            depth, parent = int(self.tree.rootIsDecorated()), index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self.tree.indentation() * depth
        width -= self.padding
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, max(1, width), 1)  # a valid rect: the style wraps to it
        return super().sizeHint(measured, index)


def wrap_rows(tree: QTreeView, columns: Collection[int], *, padding: int = 0) -> None:
    """Wrap the long texts of ``columns`` onto more lines instead of cutting them with "…".

    ``padding``: what the tree's style sheet adds left and right of an item's text."""
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setItemDelegate(WrappedRows(tree, columns, padding))
    # Measured again once per turn of the event loop while a column is dragged.
    measure = QTimer(tree, singleShot=True, interval=0)
    measure.timeout.connect(tree.doItemsLayout)
    tree.header().sectionResized.connect(measure.start)
