"""Hovering a visit in the list shows its subject, site and owner as written, never
an image the helpdesk's text names (rich text would load it from this laptop)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView, QToolTip
from pytestqt.qtbot import QtBot

from desktop.visits.model import OWNER, SITE, SUBJECT, WHEN, Scope, VisitsModel
from desktop.visits.two_line import TwoLineRows
from tests.desktop.common.shown_as_qt_would import hostile_image, tooltip_shows
from tests.desktop.visits.helpers import visit


def test_the_list_tooltips_show_the_helpdesks_markup_as_text(tmp_path: Path) -> None:
    img = hostile_image(tmp_path)
    model = VisitsModel()
    model.set_scope(Scope.ALL)
    hostile = visit(5, starts_in=timedelta(hours=1), subject=f"{img} Printer offline")._replace(
        site=f"{img} Quayside",
        owner=f"{img}bob",
    )
    model.set_visits([hostile])
    row = model.row_of(5)
    assert row is not None

    def tip(column: int) -> str:
        return tooltip_shows(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole))

    assert tip(SUBJECT) == f"{img} Printer offline"
    assert tip(SITE) == f"{img} Quayside"
    assert tip(OWNER) == f"{img}bob"


def test_the_two_line_rows_tooltip_shows_the_whole_visit_as_text(
    qtbot: QtBot, tmp_path: Path
) -> None:
    img = hostile_image(tmp_path)
    model = VisitsModel()
    model.set_scope(Scope.ALL)
    model.set_visits([visit(5, starts_in=timedelta(hours=1), subject=f"{img} Printer offline")])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    rows = TwoLineRows(view)
    rows.enabled = True
    index = model.index(model.row_of(5) or 0, WHEN)
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), view.mapToGlobal(QPoint(5, 5)))
    assert rows.helpEvent(event, view, QStyleOptionViewItem(), index)
    assert f"{img} Printer offline" in tooltip_shows(QToolTip.text())
    QToolTip.hideText()
