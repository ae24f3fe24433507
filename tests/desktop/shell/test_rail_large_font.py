"""At a large font (15 pt, for low vision) the rail's labels stay whole, counts included;
at the usual font the rail keeps its narrow look."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QStyle, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop.shell.rail import ScreenRail

SCREENS = [
    ("visits", "My visits"),
    ("kb", "Knowledge base"),
    ("outbox", "Outbox"),
    ("conflicts", "Conflicts"),
    ("ready", "Ready for the road"),
    ("assets", "Equipment"),
]


def shown_rail(qtbot: QtBot, point_size: float | None = None) -> ScreenRail:
    rail = ScreenRail()
    qtbot.addWidget(rail)
    if point_size is not None:
        font = QFont(rail.font())
        font.setPointSizeF(point_size)
        rail.setFont(font)
    for key, title in SCREENS:
        rail.add(key, title, "visits", QLabel(title))
    rail.set_badge("outbox", 2)
    rail.set_badge("conflicts", 12)
    rail.resize(600, 900)
    rail.show()
    qtbot.waitExposed(rail)
    return rail


def room_needed(nav: QListWidget, row: int) -> QSize:
    """What the style needs to draw an item's icon and whole label, wrapped in the
    item's width: more than the item has, and the label is cut ("Outbo…")."""
    option = QStyleOptionViewItem()
    nav.initViewItemOption(option)
    nav.itemDelegate().initStyleOption(option, nav.model().index(row, 0))
    option.rect = nav.visualItemRect(nav.item(row))
    return nav.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), nav)


def assert_labels_whole(rail: ScreenRail) -> None:
    nav = rail.nav
    for row in range(nav.count()):
        shown = nav.visualItemRect(nav.item(row))
        needed = room_needed(nav, row)
        label = nav.item(row).text()
        assert needed.width() <= shown.width(), f"{label!r} cut on its side"
        assert needed.height() <= shown.height(), f"{label!r} cut below"
        assert shown.right() < nav.viewport().width(), f"{label!r} past the rail's edge"


def test_at_15_pt_every_label_and_count_shows_whole(qtbot: QtBot) -> None:
    rail = shown_rail(qtbot, 15)
    assert_labels_whole(rail)
    rail.add("dispatch", "Dispatch", "visits", QLabel("Dispatch"))  # joins later
    rail.set_badge("conflicts", 123)
    qtbot.wait(50)  # the view lays items out on its next turn
    assert_labels_whole(rail)


def test_a_font_made_larger_while_shown_widens_the_rail(qtbot: QtBot) -> None:
    rail = shown_rail(qtbot)
    font = QFont(rail.font())
    font.setPointSizeF(15)
    rail.setFont(font)
    qtbot.wait(50)
    assert_labels_whole(rail)


def test_at_the_usual_font_the_rail_keeps_its_narrow_look(qtbot: QtBot) -> None:
    rail = shown_rail(qtbot)
    assert rail.nav.width() == 96
    assert rail.nav.gridSize() == QSize(88, 68)
    assert_labels_whole(rail)
