"""A visit given away (kept for its unsent work) does not pass for the technician's own:
greyed, its stale window replaced by "given away", no alarm, not counted in its day."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from desktop.common.theme import colour
from desktop.visits.model import DUE, IS_HEADING_ROLE, SUBJECT, WHEN, Scope, VisitsModel
from desktop.visits.two_line import TwoLineRows
from desktop.visits.visit_list import VisitList
from tests.desktop.visits.helpers import visit

GONE = "no longer assigned to you on the helpdesk (now bob's)"


def model_with_one_given_away() -> VisitsModel:
    model = VisitsModel()
    model.set_scope(Scope.ALL)
    tomorrow = timedelta(days=1)
    mine = visit(1, starts_in=tomorrow, hours=1, due_in=timedelta(hours=20))
    # Missed window and SLA both: alarms that would be red on one's own visit.
    away = visit(2, starts_in=timedelta(hours=-5), hours=1, due_in=timedelta(hours=-1))
    model.set_visits([mine, away._replace(gone=GONE), visit(3, starts_in=tomorrow, hours=2)])
    return model


def cell(model: VisitsModel, visit_id: int, column: int, role: Qt.ItemDataRole) -> object:
    row = model.row_of(visit_id)
    assert row is not None
    return model.index(row, column).data(role)


def test_a_visit_given_away_says_so_in_grey_without_alarms() -> None:
    model = model_with_one_given_away()
    display, foreground = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole
    assert cell(model, 2, WHEN, display) == "given away"  # not its stale window, nor "⚠"
    assert cell(model, 2, DUE, display) == ""  # no SLA countdown of someone else's visit
    muted = colour("muted")
    for column in (WHEN, SUBJECT):
        shown = cell(model, 2, column, foreground)
        assert isinstance(shown, QColor) and shown.name() == muted.name()
    font = cell(model, 2, WHEN, Qt.ItemDataRole.FontRole)
    assert not (isinstance(font, QFont) and font.bold())
    assert "now bob's" in str(cell(model, 2, WHEN, Qt.ItemDataRole.ToolTipRole))
    assert "given away" in str(cell(model, 2, WHEN, Qt.ItemDataRole.AccessibleTextRole))
    assert cell(model, 1, SUBJECT, foreground) is None  # one's own: as before


def test_a_day_counts_only_the_technicians_own_visits() -> None:
    model = model_with_one_given_away()
    headings = [
        str(model.index(row, WHEN).data())
        for row in range(model.rowCount())
        if model.index(row, WHEN).data(IS_HEADING_ROLE)
    ]
    assert len(headings) == 2, headings
    assert headings[0].endswith("· 0 visits, 1 given away"), headings  # today's
    assert headings[1].endswith("· 2 visits"), headings  # tomorrow's


def test_the_narrow_list_says_given_away_too(qtbot: object) -> None:
    model = model_with_one_given_away()
    view = VisitList(model)
    rows = TwoLineRows(view)
    row = model.row_of(2)
    assert row is not None
    lines = rows.lines(model.index(row, WHEN), view.font(), 600)
    assert "given away" in [part.text for part in lines.details]
