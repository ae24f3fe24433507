"""What a technician types in a checklist item's comment or value is kept without Enter:
leaving the item, sending, another tab, another visit or closing the window keeps it,
always on the item it was typed for.  Read back as a user would: by another connection
(committed, not only shown), and in the editor when the item is shown again."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from desktop.visit.checklist_panel import ITEM, NUMBER_ROLE, ChecklistPanel
from desktop.visit.detail import TAB_CHECKLIST
from sync.profile import Profile
from sync.store import checklists as store
from sync.store import open_database
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store

pytestmark = pytest.mark.rt

DUSTY = "Cabinet very dusty"


def kept(alice: Profile, ticket: int, number: int) -> tuple[str | None, str | None]:
    """(value, comment) of an item as another connection reads them: committed."""
    other = open_database(alice.database_path)
    try:
        entry = store.item(other, ticket, number)
        return entry.value, entry.comment
    finally:
        other.close()


def checklist_of(qtbot: QtBot, panel: VisitDetail) -> ChecklistPanel:
    panel.tabs.setCurrentIndex(TAB_CHECKLIST)
    checklist = panel.checklist
    checklist.tree.setFocus()
    qtbot.waitUntil(checklist.tree.hasFocus)
    return checklist


def type_comment(qtbot: QtBot, checklist: ChecklistPanel, number: int, text: str) -> None:
    """Pick the item, go to its comment and type (no Enter)."""
    checklist.select_number(number)
    checklist.comment.setFocus()
    qtbot.waitUntil(checklist.comment.hasFocus)
    qtbot.keyClicks(checklist.comment, text)


def click_item(qtbot: QtBot, checklist: ChecklistPanel, number: int) -> None:
    row = next(r for r in checklist.item_rows() if r.data(ITEM, NUMBER_ROLE) == number)
    where = checklist.tree.visualItemRect(row).center()
    qtbot.mouseClick(checklist.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert checklist.current_number() == number


@pytest.fixture
def reopen(
    alice: Profile, db: sqlite_utils.Database, qtbot: QtBot
) -> Iterator[Callable[[], VisitDetail]]:
    """The visit panel made again on the same replica: the app opened again."""
    made: list[VisitDetail] = []

    def make() -> VisitDetail:
        messages = MessageBridge()
        messages.listen()
        widget = VisitDetail(db, alice, messages)
        qtbot.addWidget(widget)
        widget.resize(700, 740)
        widget.show()
        made.append(widget)
        return widget

    yield make
    for widget in made:
        widget.shutdown()


def test_a_comment_typed_is_kept_when_another_item_is_clicked(
    panel: VisitDetail, alice: Profile, qtbot: QtBot
) -> None:
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    type_comment(qtbot, checklist, 1, DUSTY)

    click_item(qtbot, checklist, 2)

    assert kept(alice, ticket, 1)[1] == DUSTY
    assert kept(alice, ticket, 2)[1] is None, "not on the item clicked"
    assert checklist.comment.text() == ""  # item 2's own comment
    checklist.select_number(1)
    assert checklist.comment.text() == DUSTY
    assert checklist.tree.currentItem().text(2) == DUSTY  # its row shows it too


def test_a_value_typed_is_kept_when_the_arrows_move_on(
    panel: VisitDetail, alice: Profile, qtbot: QtBot
) -> None:
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    qtbot.keyClick(checklist.tree, Qt.Key.Key_Down)  # 2: "Toner level [value: %]"
    qtbot.keyClick(checklist.tree, Qt.Key.Key_Return)
    assert checklist.value.hasFocus()
    qtbot.keyClicks(checklist.value, "35")
    qtbot.keyClick(checklist.value, Qt.Key.Key_Escape)  # back to the list, no Enter
    qtbot.keyClick(checklist.tree, Qt.Key.Key_Down)

    assert checklist.current_number() == 3
    assert kept(alice, ticket, 2)[0] == "35"
    assert kept(alice, ticket, 3) == (None, None)


def test_moving_on_without_a_focus_change_keeps_it_for_the_item_typed_on(
    panel: VisitDetail, alice: Profile, qtbot: QtBot
) -> None:
    """A shortcut or a window action may change the item while the field keeps focus."""
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    type_comment(qtbot, checklist, 1, DUSTY)

    checklist.select_number(4)

    assert (kept(alice, ticket, 1)[1], kept(alice, ticket, 4)[1]) == (DUSTY, None)
    assert checklist.comment.text() == ""


def test_send_to_helpdesk_sends_what_was_just_typed(
    panel: VisitDetail,
    alice: Profile,
    db: sqlite_utils.Database,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    monkeypatch.setattr(checklist, "ask_reason", lambda _why: "customer needed the printer")
    type_comment(qtbot, checklist, 1, DUSTY)

    checklist.send_button.click()  # a click does not take the focus from the comment

    assert kept(alice, ticket, 1)[1] == DUSTY
    (row,) = [r for r in outbox_store.rows(db) if r.kind == "checklist"]
    assert DUSTY in row.payload["content"]


def test_another_tab_keeps_it(panel: VisitDetail, alice: Profile, qtbot: QtBot) -> None:
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    type_comment(qtbot, checklist, 1, DUSTY)

    panel.tabs.setCurrentIndex(0)

    assert kept(alice, ticket, 1)[1] == DUSTY


def test_another_visit_picked_keeps_it_on_the_visit_it_was_typed_on(
    panel: VisitDetail, alice: Profile, db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    type_comment(qtbot, checklist, 1, DUSTY)
    other = next(v.id for v in ticket_store.list_visits(db) if v.id != ticket)

    panel.show_visit(other)  # picked in the list: the panel shows it at once

    assert kept(alice, ticket, 1)[1] == DUSTY
    assert checklist.comment.text() != DUSTY, "the other visit's editor is not this text"
    for entry in (e for c in store.checklists(db, other) for e in c.items):
        assert entry.comment != DUSTY
    panel.show_visit(ticket)
    checklist.select_number(1)
    assert checklist.comment.text() == DUSTY


def test_closing_the_window_keeps_it_and_it_is_there_when_opened_again(
    panel: VisitDetail, alice: Profile, qtbot: QtBot, reopen: Callable[[], VisitDetail]
) -> None:
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    type_comment(qtbot, checklist, 1, DUSTY)

    panel.close()

    assert kept(alice, ticket, 1)[1] == DUSTY
    opened = reopen()
    opened.show_visit(ticket)
    again = checklist_of(qtbot, opened)
    again.select_number(1)
    assert again.comment.text() == DUSTY


def test_a_refresh_while_typing_leaves_the_typing_alone(
    panel: VisitDetail, alice: Profile, qtbot: QtBot
) -> None:
    """A sync's refresh of the visit shown lands mid-word: nothing typed is lost or
    half-saved, and Enter then saves the whole of it."""
    assert panel.visit is not None
    ticket = panel.visit.id
    checklist = checklist_of(qtbot, panel)
    type_comment(qtbot, checklist, 1, "Cabinet very du")

    panel.refresh()

    assert checklist.current_number() == 1
    assert checklist.comment.text() == "Cabinet very du" and checklist.comment.hasFocus()
    qtbot.keyClicks(checklist.comment, "sty")
    qtbot.keyClick(checklist.comment, Qt.Key.Key_Return)
    assert kept(alice, ticket, 1)[1] == DUSTY
