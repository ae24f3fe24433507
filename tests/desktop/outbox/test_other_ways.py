"""The Outbox's "Other ways" for a note refused because its ticket went to someone else.

Over alice's real replica and the private RT: offered only for such a note,
asked before anything changes, and what is chosen lands in RT once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from desktop.outbox.view import OutboxView
from devrt.instance import RunningRT
from sync import outbox
from sync.errors import Cause
from sync.profile import Profile
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said, sync, when_dialog_opens
from tests.desktop.outbox import test_outbox_view
from tests.integration.helpers import comments_with, connector, supervisor_update

pytestmark = pytest.mark.rt
SCREENSHOTS = Path(__file__).resolve().parents[3] / "build" / "screenshots"


view = test_outbox_view.view  # the Outbox over alice's replica, shown


def answer(qtbot: QtBot, button_text: str, seen: list[str]) -> None:
    """Press button_text in the next question box, noting what it said."""

    def press(dialog: QDialog) -> None:
        assert isinstance(dialog, QMessageBox)
        seen.append(f"{dialog.text()}\n{dialog.informativeText()}")
        [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == button_text]
        button.click()

    when_dialog_opens(qtbot, press)


@dataclass
class Scene:
    rt: RunningRT
    alice: Profile
    view: OutboxView
    said: Said


@pytest.fixture
def scene(rt: RunningRT, alice: Profile, view: OutboxView, said: Said) -> Scene:
    return Scene(rt, alice, view, said)


def test_a_note_on_a_ticket_given_away_offers_other_ways_and_moves_to_a_new_ticket(
    scene: Scene, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt, alice, view, said = scene.rt, scene.alice, scene.view, scene.said
    db = view.db
    mine, given_away = [v for v in ticket_store.list_visits(db) if v.status == "open"][:2]
    outbox.add_note(
        db, given_away.id, "Fitted a new fuser, 40 pages OK.", author="alice", minutes=25
    )
    supervisor_update(rt, given_away.id, {"owner": "bob"})
    sync(alice)
    outbox.add_note(db, mine.id, "Still mine: pending.", author="alice")
    view.refresh()
    [refused] = [r for r in outbox.rows(db) if r.state == "rejected"]
    assert refused.error_cause == Cause.REASSIGNED
    pending = next(r for r in outbox.rows(db) if r.state == "pending")

    ways = view.other_ways
    view.table.selectRow(view.model.row_of(pending.seq) or 0)
    # A note still on its way: only a file (any unsent note can be kept in one).
    assert [
        a.isVisible() for a in (ways.comment_action, ways.new_ticket_action, ways.export_action)
    ] == [False, False, True]
    view.table.selectRow(view.model.row_of(refused.seq) or 0)
    assert view.other_ways.button.isVisible()
    assert [
        a.isVisible() for a in (ways.comment_action, ways.new_ticket_action, ways.export_action)
    ] == [True, True, True]
    assert "no longer yours" in view.detail.text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SCREENSHOTS / "outbox-other-ways.png"))

    # Export: where the user chooses, written off the GUI thread; the note stays.
    target = tmp_path / "note.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    with qtbot.waitSignal(ways.exported, timeout=10_000):
        ways.export_action.trigger()
    text = target.read_text(encoding="utf-8")
    assert "Fitted a new fuser, 40 pages OK." in text and "25 min" in text
    assert f"#{given_away.id}" in text and "alice" in text
    assert any("Exported to" in t for t in said.texts())
    assert outbox.get_row(db, refused.seq) is not None

    # Cancel changes nothing.
    seen: list[str] = []
    answer(qtbot, "Cancel", seen)
    ways.new_ticket_action.trigger()
    assert outbox.get_row(db, refused.seq) is not None and f"#{given_away.id}" in seen[0]

    answer(qtbot, "Move to new ticket", seen)
    with qtbot.waitSignal(view.changed):
        ways.new_ticket_action.trigger()
    assert outbox.get_row(db, refused.seq) is None
    assert [r.kind for r in outbox.rows(db)] == ["note", "create_ticket"]
    view.table.selectRow(view.model.row_of(outbox.rows(db)[-1].seq) or 0)
    assert not ways.button.isVisible()

    sync(alice)
    sync(alice)
    found = connector(rt, "supervisor").search_tickets(
        f"Subject LIKE 'Follow-up of #{given_away.id}:'", "Subject,TimeWorked"
    )
    assert [t["TimeWorked"] for t in found] == ["25"]
    assert comments_with(rt, given_away.id, "Fitted a new fuser, 40 pages OK.") == []


def test_send_anyway_as_a_comment_asks_then_queues_it(
    rt: RunningRT, alice: Profile, view: OutboxView, said: Said, qtbot: QtBot
) -> None:
    db = view.db
    visit = [v for v in ticket_store.list_visits(db) if v.status == "open"][2]
    outbox.add_note(db, visit.id, "Left the spare toner in reception.", author="alice", public=True)
    supervisor_update(rt, visit.id, {"owner": "bob"})
    sync(alice)
    view.refresh()
    [refused] = [r for r in outbox.rows(db) if r.state == "rejected"]
    view.table.selectRow(view.model.row_of(refused.seq) or 0)

    seen: list[str] = []
    answer(qtbot, "Send as comment", seen)
    with qtbot.waitSignal(view.changed):
        view.other_ways.comment_action.trigger()

    row = outbox.get_row(db, refused.seq)
    assert row is not None and row.state in outbox.OPEN_STATES and row.payload["public"] is False
    assert "internal comment" in seen[0]
    assert view.model.index(view.model.row_of(row.seq) or 0, 3).data() == "pending"
    assert any("internal comment at the next sync" in t for t in said.texts())
