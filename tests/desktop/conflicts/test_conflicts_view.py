"""The conflicts screen over real conflicts made against the private RT."""

from __future__ import annotations

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.conflicts.model import ConflictsModel
from desktop.conflicts.view import ConflictsView
from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.conflicts import Conflict
from sync.profile import Profile
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said, sync
from tests.integration.helpers import server_ticket, supervisor_update

pytestmark = pytest.mark.rt

KEYS = {"mine": Qt.Key.Key_1, "theirs": Qt.Key.Key_2, "both": Qt.Key.Key_3}


@pytest.fixture
def view(replica: sqlite_utils.Database, said: Said, qtbot: QtBot) -> ConflictsView:
    screen = ConflictsView(replica, said.bridge)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    return screen


def make_conflict(
    rt: RunningRT,
    alice: Profile,
    db: sqlite_utils.Database,
    index: int,
    change: tuple[str, str, str],
) -> Conflict:
    """A real one: alice changes a field offline, the office changes it too, alice syncs."""
    field, mine, theirs = change
    visit = [v for v in ticket_store.list_visits(db) if v.status in ("new", "open")][index]
    outbox.set_fields(db, visit.id, {field: mine})
    supervisor_update(rt, visit.id, {field: theirs})
    sync(alice)
    [conflict] = conflicts.open_conflicts(db, visit.id)
    return conflict


def choose(qtbot: QtBot, view: ConflictsView, conflict: Conflict, choice: str) -> None:
    row = view.model.row_of(conflict.id)
    assert row is not None
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    view.table.selectRow(row)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(
            view.table,
            KEYS[choice],
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
        )


def test_three_columns_then_keep_mine_is_sent_on_next_sync(
    rt: RunningRT, alice: Profile, view: ConflictsView, qtbot: QtBot
) -> None:
    db = view.db
    conflict = make_conflict(rt, alice, db, 0, ("parts_used", "1x fuser unit", "1x pickup roller"))
    view.refresh()
    row = view.model.row_of(conflict.id)
    assert row is not None and view.model.index(row, 1).data() == "Parts used"
    assert view.model.index(row, 0).data().startswith(f"#{conflict.ticket_id} ")
    view.table.selectRow(row)
    assert view.panes["base"].toPlainText() == "(empty)"
    assert view.panes["mine"].toPlainText() == "1x fuser unit"
    assert view.panes["theirs"].toPlainText() == "1x pickup roller"
    assert "background-color" in view.panes["mine"].toHtml()  # the words that differ stand out
    assert view.both_action.isEnabled()

    choose(qtbot, view, conflict, "mine")
    assert "your value will be sent on next sync" in view.outcome.text()
    assert view.model.row_of(conflict.id) is None  # no longer open
    sync(alice)
    assert server_ticket(rt, conflict.ticket_id).fields["parts_used"] == "1x fuser unit"


def test_take_theirs_changes_the_laptop_and_sends_nothing(
    rt: RunningRT, alice: Profile, view: ConflictsView, qtbot: QtBot
) -> None:
    db = view.db
    conflict = make_conflict(rt, alice, db, 1, ("status", "resolved", "stalled"))
    view.refresh()
    view.table.selectRow(view.model.row_of(conflict.id) or 0)
    assert not view.both_action.isEnabled()  # a status holds one value
    choose(qtbot, view, conflict, "theirs")
    assert "nothing will be sent" in view.outcome.text()
    visit = ticket_store.get_visit(db, conflict.ticket_id)
    assert visit is not None and visit.status == "stalled"
    assert [r for r in outbox.rows(db) if r.ticket_ref == conflict.ticket_id] == []
    sync(alice)
    assert server_ticket(rt, conflict.ticket_id).fields["status"] == "stalled"


def test_keep_both_joins_the_texts_and_sends_them(
    rt: RunningRT, alice: Profile, view: ConflictsView, qtbot: QtBot
) -> None:
    db = view.db
    conflict = make_conflict(
        rt, alice, db, 2, ("contact", "Julie Marsh, mobile 07700 900123", "Front desk, ext 201")
    )
    view.refresh()
    assert conflict.base and conflict.base in view.panes["base"].toPlainText()
    choose(qtbot, view, conflict, "both")
    assert "combined text will be sent on next sync" in view.outcome.text()
    sync(alice)
    assert server_ticket(rt, conflict.ticket_id).fields["contact"] == (
        "Front desk, ext 201\nJulie Marsh, mobile 07700 900123"
    )
    assert view.empty.is_empty or view.model.row_of(conflict.id) is None


def test_conflicts_model_passes_qt_model_tester(
    rt: RunningRT, alice: Profile, replica: sqlite_utils.Database, qtmodeltester: ModelTester
) -> None:
    make_conflict(rt, alice, replica, 3, ("site", "Acme Dental (annex)", "Acme Dental Clinic B"))
    model = ConflictsModel()
    model.set_conflicts(conflicts.open_conflicts(replica), {})
    assert model.rowCount() >= 1
    qtmodeltester.check(model)


def test_keep_both_on_parts_lists_each_part_once_and_shows_the_result_first(
    rt: RunningRT, alice: Profile, view: ConflictsView, qtbot: QtBot
) -> None:
    """Two people added a part each to the same list: both parts, the shared one once
    (a part listed twice is billed twice)."""
    db = view.db
    visit = [v for v in ticket_store.list_visits(db) if v.status in ("new", "open")][4]
    supervisor_update(rt, visit.id, {"parts_used": "1 x RAM 8GB\n1 x old PSU 300W"})
    sync(alice)
    outbox.set_fields(db, visit.id, {"parts_used": "1 x RAM 8GB\n1 x PSU 500W"})
    supervisor_update(rt, visit.id, {"parts_used": "1 x RAM 8GB\n1 x old PSU 300W\n2 x case fan"})
    sync(alice)
    [conflict] = conflicts.open_conflicts(db, visit.id)
    view.refresh()
    view.table.selectRow(view.model.row_of(conflict.id))
    assert "Keep both gives: 1 x RAM 8GB · 2 x case fan · 1 x PSU 500W" in view.question.text()
    choose(qtbot, view, conflict, "both")
    sync(alice)
    assert server_ticket(rt, visit.id).fields["parts_used"] == (
        "1 x RAM 8GB\n2 x case fan\n1 x PSU 500W"
    )


def test_a_subject_holds_one_value_so_keep_both_is_not_offered(
    rt: RunningRT, alice: Profile, view: ConflictsView
) -> None:
    db = view.db
    conflict = make_conflict(
        rt, alice, db, 5, ("subject", "Printer jams, fuser worn", "Printer jams (tray 2)")
    )
    view.refresh()
    view.table.selectRow(view.model.row_of(conflict.id))
    assert not view.both_action.isEnabled()
    assert "Keep both gives" not in view.question.text()
    with pytest.raises(ValueError, match="cannot hold both"):
        conflicts.resolve(db, conflict.ticket_id, "subject", "both")
