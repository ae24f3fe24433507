"""The dispatch board's list of tickets to dispatch: sorted, dragged onto the schedule.

A visit dragged back from the schedule and dropped here goes back to the queue
(``returned``); the board writes it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.dispatch.mime import from_mime

TICKET, PRIORITY, SLA, AGE = range(4)
TICKET_MIN_WIDTH = 150  # "#123 Printer jam…" and the site under it


class QueueView(QTableView):
    """The list of tickets to dispatch; a visit dropped here goes back to the queue.

    However narrow the window, priority and SLA stay in sight: the list does not
    shrink below them, and the Age column gives way first.
    """

    returned = Signal(object)  # the DraggedTicket

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(self.tr("Tickets to dispatch"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the queue; arrows move in it
        self.setSortingEnabled(True)
        self.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # SLA due first
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(50)  # two lines, glove-sized
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TICKET, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(False)

    def _width_of(self, *columns: int) -> int:
        return sum(max(self.sizeHintForColumn(c), self.horizontalHeader().sectionSizeHint(c))
                   for c in columns)  # fmt: skip

    def minimumSizeHint(self) -> QSize:
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(TICKET_MIN_WIDTH + self._width_of(PRIORITY, SLA) + frame, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Age shows when there is room for it beside the ticket, priority and SLA."""
        room = self.viewport().width() - TICKET_MIN_WIDTH - self._width_of(PRIORITY, SLA)
        self.setColumnHidden(AGE, room < self._width_of(AGE))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        item = from_mime(event.mimeData())
        if item is not None:
            event.setAccepted(item.from_board)
            if item.from_board:
                event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        item = from_mime(event.mimeData())
        if item is not None and item.from_board:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        item = from_mime(event.mimeData())
        if item is None or not item.from_board:
            event.ignore()
            return
        event.acceptProposedAction()
        self.returned.emit(item)
