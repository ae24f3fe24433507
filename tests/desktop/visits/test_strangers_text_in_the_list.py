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
