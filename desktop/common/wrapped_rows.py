"""Rows of a tree as tall as their text, wrapped to the columns' current widths;
a row of buttons that wraps onto more lines when it is narrow (``WrappedButtons``).

``QTreeView.setWordWrap(True)`` alone draws wrapped text in rows one line high:
the view measures a row with an item rect of no width, so the style never wraps
it.  This delegate measures each cell at its column's width (less the tree's
indentation in the first column), and ``wrap_rows`` measures again when a
column is resized.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)


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


class WrappedButtons(QLayout):
    """Buttons side by side, wrapped onto the next line where the row is too narrow.

    Its minimum width is its widest button's, not the whole row's: a row of actions
    never holds the window wider than a small screen."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    def sizeHint(self) -> QSize:  # all on one line
        shown = self._shown()
        width = sum(i.sizeHint().width() for i in shown) + self.spacing() * max(0, len(shown) - 1)
        height = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(width, height)

    def minimumSize(self) -> QSize:  # one button a line
        shown = self._shown()
        return QSize(
            max((i.minimumSize().width() for i in shown), default=0),
            max((i.minimumSize().height() for i in shown), default=0),
        )

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        """Places the buttons (when ``move``); the height they take at ``rect``'s width."""
        x, y, line = rect.x(), rect.y(), 0
        for item in self._shown():
            size = item.sizeHint()
            if x > rect.x() and x + size.width() > rect.right() + 1:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), size))
            x += size.width() + self.spacing()
            line = max(line, size.height())
        return y + line - rect.y()
