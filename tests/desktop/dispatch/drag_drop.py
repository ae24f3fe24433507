"""Drags on the dispatch board as Qt delivers them: from the queue or the schedule, and drops."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDrag, QDragEnterEvent, QDragMoveEvent, QDropEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.dispatch import DispatchBoard
from desktop.dispatch.models import TICKET_ID_ROLE


def queue_index(board: DispatchBoard, ticket_id: int) -> int:
    for row in range(board.proxy.rowCount()):
        if board.proxy.index(row, 0).data(TICKET_ID_ROLE) == ticket_id:
            return row
    raise AssertionError(f"#{ticket_id} is not in the queue")


def drag_from_queue(board: DispatchBoard, ticket_id: int) -> QMimeData:
    row = queue_index(board, ticket_id)
    return board.proxy.mimeData([board.proxy.index(row, 0)])


def drag_from_schedule(
    board: DispatchBoard,
    monkeypatch: pytest.MonkeyPatch,
    ticket_id: int,
    meanwhile: Callable[[QMimeData], None],
) -> None:
    """Press on the visit's block and pull it: Qt's drag loop runs ``meanwhile`` with
    what the drag carries (a sync may land, and the drop happens, inside that loop)."""

    def drag_loop(drag: QDrag, *_actions: object) -> Qt.DropAction:
        meanwhile(drag.mimeData())
        return Qt.DropAction.MoveAction

    monkeypatch.setattr(QDrag, "exec", drag_loop)
    timeline = board.timeline
    [block] = [b for b in timeline.blocks() if b.ticket.id == ticket_id]
    at = block.rect.center()
    pulled = at + QPointF(4 * QApplication.startDragDistance(), 0)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    modifiers = Qt.KeyboardModifier.NoModifier
    press, move = QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove
    for kind, point, button in ((press, at, left), (move, pulled, none)):
        global_point = QPointF(timeline.mapToGlobal(point.toPoint()))
        event = QMouseEvent(kind, point, global_point, button, left, modifiers)
        QApplication.sendEvent(timeline, event)


def drop(target: QWidget, point: QPoint, mime: QMimeData) -> None:
    """What Qt delivers as the user drags over target and lets go there."""
    action, button = Qt.DropAction.MoveAction, Qt.MouseButton.LeftButton
    modifiers = Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():
        # PySide offers these two only with a QPoint, which it marks deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(point, action, mime, button, modifiers)
        move = QDragMoveEvent(point, action, mime, button, modifiers)
    QApplication.sendEvent(target, enter)
    QApplication.sendEvent(target, move)
    QApplication.sendEvent(target, QDropEvent(QPointF(point), action, mime, button, modifiers))
