"""The outbox screen over alice's real replica: refused changes fixed, retried, discarded."""

from __future__ import annotations

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPlainTextEdit, QSpinBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.outbox.model import OutboxModel
from desktop.outbox.view import OutboxView
from devrt.instance import RunningRT
from sync import outbox
from sync.profile import Profile
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said, click_save, sync, when_dialog_opens
from tests.integration.helpers import comments_with, supervisor_update

pytestmark = pytest.mark.rt


@pytest.fixture
def view(replica: sqlite_utils.Database, said: Said, qtbot: QtBot) -> OutboxView:
    screen = OutboxView(replica, said.bridge)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    return screen


def visit_at(db: sqlite_utils.Database, index: int) -> ticket_store.Visit:
    return [v for v in ticket_store.list_visits(db) if v.status in ("new", "open")][index]


def select(qtbot: QtBot, view: OutboxView, seq: int) -> None:
    """Click-equivalent: the window active, the row current, focus in the table."""
    row = view.model.row_of(seq)
    assert row is not None
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    view.table.selectRow(row)


def test_refused_note_shows_rts_reason_then_edit_and_retry_lands_once(
    rt: RunningRT, alice: Profile, view: OutboxView, qtbot: QtBot
) -> None:
    db = view.db
    visit = visit_at(db, 0)
    outbox.add_note(db, visit.id, "Customer key: see cabinet 3.", author="alice", minutes=10)
    view.refresh()
    assert view.model.index(0, 3).data() == "pending"
    assert (
        view.model.index(0, 0).data()
        == f"Note on #{visit.id} (10 min): Customer key: see cabinet 3."
    )

    supervisor_update(rt, visit.id, {"owner": "bob"})  # RT now refuses alice's note
    sync(alice)
    view.refresh()
    [row] = [r for r in outbox.rows(db) if r.ticket_ref == visit.id]
    shown = view.model.row_of(row.seq)
    assert shown is not None
    assert view.model.index(shown, 3).data() == "refused"
    # The real cause, not RT's bare "Permission Denied".
    assert "assigned to bob" in view.model.index(shown, 4).data()
    assert "assigned to bob" in view.detail.text()
    select(qtbot, view, row.seq)
    assert view.edit_action.isEnabled() and view.retry_action.isEnabled()

    supervisor_update(rt, visit.id, {"owner": "alice"})  # the office gives it back

    def fix(dialog: QDialog) -> None:
        text = dialog.findChild(QPlainTextEdit)
        minutes = dialog.findChild(QSpinBox)
        assert text is not None and minutes is not None
        said_there = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "assigned to bob" in said_there  # the reason, next to the editor
        text.selectAll()
        qtbot.keyClicks(text, "Customer key: cabinet 3, top shelf.")
        minutes.setValue(15)
        click_save(qtbot, dialog)

    when_dialog_opens(qtbot, fix)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.table, Qt.Key.Key_F2)
    edited = outbox.get_row(db, row.seq)
    assert edited is not None and edited.payload["content"] == "Customer key: cabinet 3, top shelf."
    assert edited.state == "rejected"  # still waiting for the user's retry
    entry = next(e for e in ticket_store.history(db, visit.id) if e.id is None)
    assert entry.body == "Customer key: cabinet 3, top shelf." and entry.time_taken == 15

    select(qtbot, view, row.seq)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.model.index(view.model.row_of(row.seq) or 0, 3).data() == "pending"

    sync(alice)
    view.refresh()
    assert view.model.rowCount() == 0 and view.empty.is_empty
    assert "Everything is sent" in view.empty.note.text()
    assert len(comments_with(rt, visit.id, "Customer key: cabinet 3, top shelf.")) == 1
    assert comments_with(rt, visit.id, "Customer key: see cabinet 3.") == []


def test_discard_asks_what_is_lost_and_undoes_the_local_change(
    rt: RunningRT,
    alice: Profile,
    view: OutboxView,
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    db = view.db
    visit = visit_at(db, 1)
    before = ticket_store.get_visit(db, visit.id)
    assert before is not None
    outbox.add_note(db, visit.id, "Swapped the fuser.", author="alice")
    outbox.set_fields(db, visit.id, {"parts_used": "1x fuser RM2-5399"})
    supervisor_update(rt, visit.id, {"owner": "bob"})
    sync(alice)
    view.refresh()
    rows = {r.kind: r for r in outbox.rows(db) if r.ticket_ref == visit.id}
    assert {r.state for r in rows.values()} == {"rejected"}

    asked: list[str] = []
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answers.pop(0) if answers else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    note = rows["note"]
    select(qtbot, view, note.seq)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # Cancel: nothing happens
    assert outbox.get_row(db, note.seq) is not None
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)  # Discard
    assert "Swapped the fuser." in asked[0] and "never sent" in asked[0]
    assert outbox.get_row(db, note.seq) is None
    assert not any(e.body == "Swapped the fuser." for e in ticket_store.history(db, visit.id))

    fields = rows["set_fields"]
    select(qtbot, view, fields.seq)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert f"Parts used: 1x fuser RM2-5399 → {before.parts_used or '(empty)'}" in asked[-1]
    assert outbox.get_row(db, fields.seq) is None
    after = ticket_store.get_visit(db, visit.id)
    assert after is not None and after.parts_used == before.parts_used


def test_only_a_refused_change_is_retried_by_hand(view: OutboxView, qtbot: QtBot) -> None:
    """A change never sent goes by itself at the next sync: nothing to retry.  It may
    be corrected or taken back (tests/desktop/outbox/test_unsent_changes.py)."""
    db = view.db
    visit = visit_at(db, 2)
    outbox.set_fields(db, visit.id, {"status": "stalled"})
    view.refresh()
    assert view.model.index(0, 0).data() == f"Status of #{visit.id} → stalled"
    assert view.model.index(0, 3).data() == "pending"
    select(qtbot, view, outbox.rows(db)[0].seq)
    assert not view.retry_action.isEnabled()
    assert view.discard_action.isEnabled() and view.edit_action.isEnabled()


def test_a_change_held_behind_a_refused_one_says_what_it_waits_for(
    alice: Profile, view: OutboxView, qtbot: QtBot
) -> None:
    db = view.db
    visit = visit_at(db, 3)
    outbox.set_fields(db, visit.id, {"owner": "nosuchtechnician"})  # RT refuses it
    outbox.set_fields(db, visit.id, {"parts_used": "2 x fuser <b>RM2</b>"})
    sync(alice)
    view.refresh()
    refused, held = [r for r in outbox.rows(db) if r.ticket_ref == visit.id]
    assert (refused.state, held.state) == ("rejected", "pending")

    shown = view.model.row_of(held.seq)
    assert shown is not None and view.model.index(shown, 3).data() == "held"
    select(qtbot, view, held.seq)
    detail = view.detail.text()
    assert "Waits for the refused change to this visit before it" in detail
    assert "Owner of #" in detail and "nosuchtechnician" in detail  # which one, by name
    assert "&lt;b&gt;RM2" in detail  # the user's text is shown, never run as markup
    assert view.discard_action.isEnabled()  # never sent: it may be taken back, as in the CLI


def test_outbox_model_passes_qt_model_tester(
    replica: sqlite_utils.Database, qtmodeltester: ModelTester
) -> None:
    visit = visit_at(replica, 0)
    outbox.add_note(replica, visit.id, "A note.", author="alice")
    outbox.set_fields(replica, visit.id, {"status": "stalled"})
    model = OutboxModel()
    model.set_rows(outbox.rows(replica))
    assert model.rowCount() == 2
    qtmodeltester.check(model)
