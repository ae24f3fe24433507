"""The visit list shows a stranger's subject and site as written: a direction override
cannot turn "fdp.exe" into "exe.pdf" nor reorder a site's name."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from desktop.visits.model import SITE, SUBJECT, Scope, VisitsModel
from tests.desktop.visits.helpers import visit


def test_an_override_in_a_subject_or_site_does_not_reorder_it() -> None:
    model = VisitsModel()
    model.set_scope(Scope.ALL)
    tricked = visit(7, starts_in=timedelta(hours=2), subject="pay invoice \u202efdp.exe")
    model.set_visits([tricked._replace(site="Unit 4, \u202eEvil\u202c Road")])
    row = model.row_of(7)
    assert row is not None
    shown = Qt.ItemDataRole.DisplayRole
    assert model.index(row, SUBJECT).data(shown) == "#7 pay invoice fdp.exe"
    assert model.index(row, SITE).data(shown) == "Unit 4, Evil Road"


def test_a_visit_without_a_subject_reads_no_subject_not_a_blank() -> None:
    """Anyone can mail the queue a message with no subject (or one of hidden characters
    only): its row must still say something a technician can point at."""
    model = VisitsModel()
    model.set_scope(Scope.ALL)
    model.set_visits(
        [
            visit(8, starts_in=timedelta(hours=2), subject=""),
            visit(9, starts_in=timedelta(hours=3), subject="\u202e\u200b"),
        ]
    )
    shown = Qt.ItemDataRole.DisplayRole
    for ticket_id in (8, 9):
        row = model.row_of(ticket_id)
        assert row is not None
        assert model.index(row, SUBJECT).data(shown) == f"#{ticket_id} (no subject)"
