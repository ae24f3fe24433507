"""What a screen reader hears of a checklist's rows: "required", not "star"; an empty value
as empty, the unit it asks for as the cell's description.  The unit used to be the cell's
text ("pages", "%"), so an empty value sounded filled in; it is still drawn greyed in the
empty cell for the eye."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QStyleOptionViewItem, QTreeWidget
from pytestqt.qtbot import QtBot

from desktop.visit.checklist_panel import VALUE
from desktop.visit.detail import TAB_CHECKLIST
from sync.profile import Profile
from sync.store.checklists import Checklist, ChecklistItem
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed
from tests.desktop.visit.test_checklist_narrow import item

__all__ = ["local_db"]  # the fixture, used by name
T = QAccessible.Text


def heard_rows(tree: QTreeWidget) -> dict[str, list[tuple[str, str]]]:
    """Each item's cells as a screen reader gets them (name, description), by its number."""
    table = QAccessible.queryAccessibleInterface(tree)
    cells = [table.child(k) for k in range(table.childCount())]
    said = [(cell.text(T.Name), cell.text(T.Description)) for cell in cells]
    columns = tree.columnCount()
    return {
        name.split(".")[0]: said[k : k + columns]
        for k, (name, _description) in enumerate(said)
        if name[:1].isdigit()
    }


def drawn(tree: QTreeWidget, row: int) -> str:
    """The text drawn in the row's Value cell."""
    index = tree.model().index(row, VALUE, tree.model().index(0, 0))
    option = QStyleOptionViewItem()
    tree.itemDelegateForIndex(index).initStyleOption(option, index)
    return option.text


def checklist_of(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database, *items: ChecklistItem
) -> QTreeWidget:
    """The visit panel's checklist tab, shown, with one checklist of ``items``."""
    seed(local_db)
    panel = local_panel(qtbot, profile, local_db)
    panel.checklist.show_lists(
        VISIT, [Checklist(1, VISIT, "Service", "t", None, 1, None, items)], []
    )
    panel.tabs.setCurrentIndex(TAB_CHECKLIST)
    panel.show()
    return panel.checklist.tree


def test_required_and_empty_values_are_heard_as_they_are(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    tree = checklist_of(
        qtbot,
        profile,
        local_db,
        item(1, "Page count before service", required=True, value_label="pages"),
        item(2, "Toner level", value_label="%", value="40"),
        item(3, "Test print", choices=("Pass", "Fail")),
        item(4, "Clean the paper path"),
    )
    rows = heard_rows(tree)

    assert rows["1"][0][0] == "1. Page count before service, required"
    assert rows["1"][1] == ("", "Value in pages")  # empty, and what it asks for
    assert rows["2"][0][0] == "2. Toner level"
    assert rows["2"][1] == ("40 %", "Value in %")  # read with its unit, as shown
    assert rows["3"][1] == ("", "One of: Pass, Fail")
    assert rows["4"][1] == ("", "")  # asks no value
    assert tree.topLevelItem(0).child(0).text(0).endswith("  *")  # the star still shows
    assert [drawn(tree, row) for row in range(4)] == ["pages", "40 %", "Pass | Fail", ""]


def test_a_value_is_shown_with_its_unit(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    """ "Toner level 35" lost the "%" the template asks in; a long label is a question."""
    tree = checklist_of(
        qtbot,
        profile,
        local_db,
        item(1, "Toner level", value_label="%", value="35"),
        item(2, "Page count", value_label="pages", value="48210"),
        item(3, "Firmware", value_label="version shown on the panel", value="4.1"),
        item(4, "Drum level", value_label="%", value="80%"),  # typed with its unit
    )
    shown = [drawn(tree, row) for row in range(4)]
    assert shown == ["35 %", "48210 pages", "4.1", "80%"]
