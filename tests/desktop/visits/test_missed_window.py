"""A visit whose time window passed while still open is flagged like a missed SLA."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.common.theme import colour
from desktop.visits.model import WHEN, Scope, VisitsModel
from tests.desktop.visits.helpers import visit


def when_cell(model: VisitsModel, visit_id: int, role: Qt.ItemDataRole) -> object:
    row = model.row_of(visit_id)
    assert row is not None
    return model.index(row, WHEN).data(role)


def painted_text_colour(model: VisitsModel, visit_id: int) -> str:
    """The colour Qt's item painting gives the cell's text."""
    row = model.row_of(visit_id)
    assert row is not None
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, model.index(row, WHEN))
    return option.palette.color(QPalette.ColorRole.Text).name()


def test_an_open_visit_past_its_window_is_flagged_and_a_finished_one_is_not() -> None:
    model = VisitsModel()
    model.set_scope(Scope.ALL)
    model.set_visits(
        [
            visit(1, starts_in=timedelta(hours=-3), hours=1),  # ended 2 h ago, still open
            visit(2, starts_in=timedelta(hours=-3), hours=1, status="resolved"),
            visit(3, starts_in=timedelta(minutes=-30), hours=1),  # under way
        ]
    )
    display = Qt.ItemDataRole.DisplayRole
    assert str(when_cell(model, 1, display)).startswith("⚠ ")
    assert painted_text_colour(model, 1) == colour("overdue").name()
    assert "Missed: the visit window ended" in str(when_cell(model, 1, Qt.ItemDataRole.ToolTipRole))
    for fine in (2, 3):
        assert not str(when_cell(model, fine, display)).startswith("⚠")
        assert painted_text_colour(model, fine) != colour("overdue").name()
