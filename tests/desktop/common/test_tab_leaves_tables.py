"""Tab leaves a table for the next control, as from a list: the arrows move in it.

A table's default walks its cells with Tab, one by one, row after row, and never lets
the keyboard out (an Outbox of 3 changes was 15 presses, the Ready table 25).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.common.row_table import row_table
from desktop.dispatch.queue import QueueView
from desktop.netcheck.tables import CompareTable, ResultsTable
from desktop.ready.view import ReadyView
from sync.profile import Profile
from sync.replica import open_replica
from tests.desktop.keyboard_helpers import focused, seed_visit


def rows(count: int = 3, columns: int = 4) -> QStandardItemModel:
    model = QStandardItemModel(count, columns)
    for row in range(count):
        for column in range(columns):
            model.setItem(row, column, QStandardItem(f"{row}.{column}"))
    return model


def tab_from(qtbot: QtBot, table: QAbstractItemView) -> QWidget | None:
    """Focus the table (on its first cell), press Tab: where the focus goes."""
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    column.addWidget(table)
    after = QPushButton("Next")
    column.addWidget(after)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert focused() is after, f"Tab stayed in the table, at {table.currentIndex().column()}"
    qtbot.keyClick(after, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    return focused()


def outbox_table() -> QAbstractItemView:
    return row_table(rows(), "Unsent changes")


def queue() -> QAbstractItemView:
    return QueueView(rows())


def netcheck_results() -> QAbstractItemView:
    table = ResultsTable().widget
    table.setRowCount(3)
    return table


def netcheck_compared() -> QAbstractItemView:
    table = CompareTable().widget
    table.setRowCount(3)
    return table


@pytest.mark.parametrize("make", [outbox_table, queue, netcheck_results, netcheck_compared])
def test_tab_leaves_the_table(qtbot: QtBot, make: Callable[[], QAbstractItemView]) -> None:
    table = make()
    assert tab_from(qtbot, table) is table  # Shift+Tab comes back


def test_tab_leaves_the_ready_table(qtbot: QtBot, profile: Profile) -> None:
    seed_visit(profile)
    db = open_replica(profile)
    try:
        ready = ReadyView(db)
        ready.refresh()
        assert ready.table.rowCount() == 1
        table = ready.table
        assert tab_from(qtbot, table) is table
    finally:
        db.close()
