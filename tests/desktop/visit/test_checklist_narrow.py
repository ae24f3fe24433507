"""At 1024×600 the checklist's Item column was ~100 px ("1. Page" wrapped), Value,
Comment and Done by keeping their widths.  Now the item's words come first: Done by
and Comment hide in a narrow panel, their values in the row's tooltip."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.checklist_panel import COMMENT, ITEM, VALUE, WHO
from desktop.visit.detail import TAB_CHECKLIST
from sync.profile import Profile
from sync.store.checklists import Checklist, ChecklistItem
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name
NARROW = 490  # the visit's side of the window on a 1024×600 screen
STEP = "Page count before service"


def item(number: int, text: str, **values: object) -> ChecklistItem:
    """An item of no value, comment or tick but ``values``."""
    plain = ChecklistItem(
        number, 1, f"k{number}", "", text, False, None, (), True, False,
        None, None, None, None, None, None,
    )  # fmt: skip
    return plain._replace(**values)


def shown_checklist(qtbot: QtBot, profile: Profile, db: sqlite_utils.Database) -> VisitDetail:
    seed(db)
    panel = local_panel(qtbot, profile, db)
    checklist = panel.checklist
    items = (
        item(1, STEP, value_label="Pages", value="48213", comment="Counter read off the panel",
             ticked=True, changed_by="alice", changed_at="2026-12-06T09:10:00Z"),
        item(2, "Clean the paper path, registration rollers and transfer roller"),
    )  # fmt: skip
    lists = [Checklist(1, VISIT, "Printer service", "template", None, 1, None, items)]
    checklist.show_lists(VISIT, lists, [])
    panel.tabs.setCurrentIndex(TAB_CHECKLIST)
    panel.show()
    return panel


def test_a_narrow_panel_gives_the_item_the_room(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel = shown_checklist(qtbot, profile, local_db)
    checklist, tree = panel.checklist, panel.checklist.tree
    panel.resize(NARROW, 600)
    qtbot.waitUntil(lambda: tree.isColumnHidden(COMMENT) and tree.isColumnHidden(WHO))
    assert not tree.isColumnHidden(VALUE)
    assert tree.columnWidth(ITEM) >= 250, tree.columnWidth(ITEM)
    first = next(checklist.item_rows())
    tip = first.toolTip(ITEM)
    assert "Counter read off the panel" in tip and "Done by" in tip, tip

    panel.resize(1000, 600)  # room for all: every column again
    qtbot.waitUntil(lambda: not tree.isColumnHidden(COMMENT) and not tree.isColumnHidden(WHO))
    assert tree.columnWidth(COMMENT) > 0 and tree.columnWidth(WHO) > 0
    assert tree.columnWidth(ITEM) >= 250
