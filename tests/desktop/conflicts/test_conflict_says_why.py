"""The Conflicts screen says why a field the helpdesk left alone is a conflict, and shows
times in the laptop's zone (no helpdesk needed: the helpdesk double of the sync tests)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.conflicts.view import ConflictsView
from sync import conflicts
from sync.local_clock import local_moment
from tests.desktop.gui_helpers import Said
from tests.sync.test_decision_ends_the_conflict import MINE, MovedHelpdesk, laptop_in_conflict


def test_the_question_names_what_the_helpdesk_changed_meanwhile(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = laptop_in_conflict(tmp_path, MovedHelpdesk(owner="bob"))
    view = ConflictsView(db, Said().bridge)
    qtbot.addWidget(view)
    by_field = {c.field: c for c in conflicts.open_conflicts(db)}
    view.table.selectRow(view.model.row_of(by_field["status"].id))
    question = view.question.text()
    assert question.startswith("You changed the <b>status</b> of visit #7; the helpdesk changed")
    assert "owner (alice → bob)" in question
    assert "was changed here and on the helpdesk" not in question  # it was not, there
    view.table.selectRow(view.model.row_of(by_field["visit_start"].id))
    assert local_moment(MINE) in view.panes["mine"].toPlainText()  # not "… UTC"
    assert "UTC" not in view.panes["theirs"].toPlainText()
