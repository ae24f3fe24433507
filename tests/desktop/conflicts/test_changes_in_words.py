"""What changed in a conflict's text reaches everyone: a screen reader says the words
removed and added apart, a copy gives them apart, and each mark is seen without its
colour.  They used to run together -- "Replaced tonerdrum cartridgeunit CF259ACF232A" --
marked by strike-through and a pale green a screen reader never hears.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication, QTextCharFormat
from PySide6.QtWidgets import QTextBrowser
from pytestqt.qtbot import QtBot

from desktop.conflicts.view import ConflictsView
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said
from tests.sync.test_store import remote_ticket

BASE = "Replaced toner cartridge CF259A"
MINE = "Replaced drum unit CF232A"
THEIRS = "Replaced toner cartridge CF259A, cleaned rollers"


def laptop_with_conflict(tmp_path: Path, base: str) -> sqlite_utils.Database:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7))
        db.execute(
            "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, created)"
            " VALUES (7, 'parts_used', ?, ?, ?, '2026-12-01T09:00:00Z')",
            [base, MINE, THEIRS],
        )
    return db


@pytest.fixture
def show_conflict(qtbot: QtBot, tmp_path: Path) -> Iterator[Callable[[str], ConflictsView]]:
    """The Conflicts screen on the conflict over a base, selected."""
    opened: list[sqlite_utils.Database] = []

    def show(base: str) -> ConflictsView:
        opened.append(laptop_with_conflict(tmp_path, base))
        screen = ConflictsView(opened[-1], Said().bridge)
        qtbot.addWidget(screen)
        screen.resize(1280, 800)
        screen.show()
        screen.table.selectRow(0)
        return screen

    yield show
    for db in opened:
        db.close()


@pytest.fixture
def view(show_conflict: Callable[[str], ConflictsView]) -> ConflictsView:
    return show_conflict(BASE)


def read_aloud(pane: QTextBrowser) -> str:
    """The pane's text as a screen reader gets it."""
    text = QAccessible.queryAccessibleInterface(pane).textInterface()
    return text.text(0, text.characterCount())


def copied(pane: QTextBrowser) -> str:
    pane.selectAll()
    pane.copy()
    return QGuiApplication.clipboard().text()


def test_removed_and_added_words_are_read_and_copied_apart(view: ConflictsView) -> None:
    mine, theirs = view.panes["mine"], view.panes["theirs"]
    assert read_aloud(mine) == "Replaced [−toner cartridge CF259A] [+drum unit CF232A]"
    assert read_aloud(theirs) == "Replaced toner cartridge CF259A[+, cleaned rollers]"
    assert copied(mine) == "Replaced [−toner cartridge CF259A] [+drum unit CF232A]"
    # Before the marked words, the value as it would be kept.
    assert mine.accessibleName() == "Yours — this laptop"
    assert mine.accessibleDescription() == MINE
    assert theirs.accessibleDescription() == THEIRS
    assert view.panes["base"].accessibleDescription() == BASE
    assert view.legend.isVisible()
    assert "[−…] removed" in view.legend.text() and "[+…] added" in view.legend.text()


def marks(pane: QTextBrowser) -> list[tuple[str, list[QTextCharFormat]]]:
    """Each stretch of the pane drawn on a colour of its own: its text, and the formats of
    the words in it."""
    found: list[tuple[str, list[QTextCharFormat]]] = []
    last = None
    block = pane.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            shown = fragment.charFormat()
            drawn = shown.background().style() != Qt.BrushStyle.NoBrush
            colour = shown.background().color().name() if drawn else None
            if colour is not None and colour == last:
                text, formats = found[-1]
                found[-1] = (text + fragment.text(), formats)
            elif colour is not None:
                found.append((fragment.text(), []))
            if colour is not None and any(c.isalnum() for c in fragment.text()):
                found[-1][1].append(shown)
            last = colour
            fragments += 1
        block = block.next()
    return found


def test_every_mark_is_seen_without_its_colour(view: ConflictsView) -> None:
    """Struck through, underlined: a line under or through the words, not the sign."""
    [(removed, gone), (added, came)] = marks(view.panes["mine"])
    assert (removed, added) == ("[−toner cartridge CF259A]", "[+drum unit CF232A]")
    assert gone and all(f.fontStrikeOut() and not f.fontUnderline() for f in gone)
    assert came and all(f.fontUnderline() and not f.fontStrikeOut() for f in came)
    assert marks(view.panes["base"]) == []  # nothing to compare it with


def test_a_value_over_an_empty_base_reads_as_it_is(
    show_conflict: Callable[[str], ConflictsView],
) -> None:
    """All of it is new, the base pane says "(empty)": no marks round every word."""
    view = show_conflict("")
    assert read_aloud(view.panes["base"]) == "(empty)"
    assert read_aloud(view.panes["mine"]) == MINE
    assert view.panes["mine"].accessibleDescription() == MINE
    [(text, formats)] = marks(view.panes["mine"])
    assert text == MINE and formats and all(f.fontUnderline() for f in formats)
    assert not view.legend.isVisible()
