"""A change not yet sent can be corrected or taken back in the Outbox, as with
`fielddesk outbox discard`; one that may already be on the helpdesk cannot.  Each
names its visit by subject as well as number: "#7" alone does not say which job."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.outbox.model import COLUMNS
from desktop.outbox.view import OutboxView
from sync import outbox
from sync.profile import Profile
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said, click_save, when_dialog_opens
from tests.desktop.outbox.test_outbox_view import select as select_row
from tests.sync.test_store import remote_ticket

VISIT = COLUMNS.index("Visit")
NAME = "Fuser error 50.4 at Acme (ask Mrs Jones, pw hunter2)"


@pytest.fixture
def db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.database_path)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(7))
    yield database
    database.close()


@pytest.fixture
def view(db: sqlite_utils.Database, said: Said, qtbot: QtBot) -> OutboxView:
    screen = OutboxView(db, said.bridge)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    return screen


def draft(db: sqlite_utils.Database) -> outbox.OutboxRow:
    outbox.draft_article(db, name=NAME, summary="", content="Replace the fuser unit.")
    (row,) = [r for r in outbox.rows(db) if r.kind == "article"]
    return row


def select(qtbot: QtBot, view: OutboxView, seq: int) -> None:
    view.refresh()
    select_row(qtbot, view, seq)


def test_an_unsent_draft_is_corrected_then_taken_back(
    view: OutboxView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = view.db
    row = draft(db)
    select(qtbot, view, row.seq)
    assert view.model.state_of(row) == "pending"
    assert view.edit_action.isEnabled() and view.discard_action.isEnabled()
    assert not view.retry_action.isEnabled()  # it goes at the next sync by itself
    assert "Discard" in view.detail.text()

    def rename(dialog: QDialog) -> None:
        title = dialog.findChild(QLineEdit)
        assert title is not None
        title.setText("Fuser error 50.4")
        click_save(qtbot, dialog)

    when_dialog_opens(qtbot, rename)
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    assert outbox.get_row(db, row.seq).payload["name"] == "Fuser error 50.4"  # type: ignore[union-attr]
    (hit,) = kb.search(db, "fuser")
    assert hit.name == "Fuser error 50.4"  # the KB shows the corrected draft
    assert "Mrs Jones" not in view.model.index(0, 0).data()

    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Discard)
    select(qtbot, view, row.seq)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert outbox.get_row(db, row.seq) is None
    assert kb.search(db, "fuser") == []  # never published
    assert view.model.rowCount() == 0


def test_a_change_that_may_be_on_the_helpdesk_stays_protected(
    view: OutboxView, qtbot: QtBot
) -> None:
    db = view.db
    row = draft(db)
    outbox.mark_in_flight(db, row)  # a sync sent it; its answer was lost
    select(qtbot, view, row.seq)
    assert view.model.state_of(outbox.get_row(db, row.seq)) == "sending"  # type: ignore[arg-type]
    assert not view.edit_action.isEnabled()
    assert not view.discard_action.isEnabled()
    assert not view.retry_action.isEnabled()
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert outbox.get_row(db, row.seq) is not None


def test_a_new_ticket_not_yet_sent_is_discarded_but_not_edited(
    view: OutboxView, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    outbox.create_ticket(db, subject="Second PC", content="It will not boot", owner="alice")
    (row,) = [r for r in outbox.rows(db) if r.kind == "create_ticket"]
    select(qtbot, view, row.seq)
    assert view.discard_action.isEnabled()
    assert not view.edit_action.isEnabled()  # its kind has nothing to edit
    text = view.findChild(QPlainTextEdit)
    assert text is None


def visits_shown(view: OutboxView) -> dict[str, str]:
    """What column, by what each row says in the What column."""
    model = view.model
    return {
        model.index(row, 0).data(): model.index(row, VISIT).data()
        for row in range(model.rowCount())
    }


def test_a_change_names_its_visit_by_number_and_subject(
    view: OutboxView, db: sqlite_utils.Database
) -> None:
    outbox.add_note(db, 7, "Fuser ordered.", author="alice")
    outbox.create_ticket(db, subject="Second PC <b>dead</b>", content="No boot", owner="alice")
    view.refresh()
    shown = visits_shown(view)
    assert shown["Note on #7: Fuser ordered."] == "#7 Printer jams"
    [new_ticket] = [name for what, name in shown.items() if what.startswith("New ticket")]
    assert new_ticket == "new ticket: Second PC <b>dead</b>", "as written, not as HTML"
    row = next(r for r in range(view.model.rowCount()) if "Fuser" in view.model.index(r, 0).data())
    tooltip = view.model.index(row, VISIT).data(Qt.ItemDataRole.ToolTipRole)
    assert "Printer jams" in tooltip, "a subject cut short by the column is read in full"
