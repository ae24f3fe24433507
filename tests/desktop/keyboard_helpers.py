"""What a keyboard or screen-reader user meets: the focus after keys, what is read aloud.

A window over a replica written here (no helpdesk), shown and active so that window
shortcuts and mnemonics reach it as they reach a user's.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QKeySequence,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync import dispatch
from sync.assets import add_asset
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.sync.test_store import remote_ticket

VISIT = 7


def seed_visit(profile: Profile, *, supervisor: bool = False, asset: bool = False) -> None:
    """One visit of today's, with a site, an address and a contact to copy (and
    ``asset``: a printer found on site, so an unsent change too)."""
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)
    db = open_replica(profile.ensure())
    try:
        with transaction(db):
            ticket_store.apply_remote_ticket(
                db,
                remote_ticket(
                    VISIT,
                    subject="Front-desk printer jams",
                    site="Elmgrove Medical Practice",
                    address="12 Elm Grove, Leeds",
                    contact="Julie Marsh, +44 23 9200 1234, julie@elmgrove.example",
                    visit_start=start.isoformat().replace("+00:00", "Z"),
                    visit_end=(start + timedelta(hours=1)).isoformat().replace("+00:00", "Z"),
                ),
            )
        dispatch.remember_role(db, 7 if supervisor else None)
        if asset:
            add_asset(
                db,
                {"name": "ACME-PRN-01", "serial": "VNB3K12345", "model": "HP LaserJet M404"},
                ticket_id=VISIT,
            )
    finally:
        db.close()


def open_window(
    qtbot: QtBot, profile: Profile, *, supervisor: bool = False, asset: bool = False
) -> MainWindow:
    """The window over a seeded replica, its visit panel made, shown and active."""
    seed_visit(profile, supervisor=supervisor, asset=asset)
    window = MainWindow(profile)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.started):  # the visit panel is made after the first paint
        window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press(qtbot: QtBot, keys: str) -> None:
    """Keys as a user types them ("Ctrl+2"), to whatever has the focus."""
    sequence = QKeySequence(keys)[0]
    target = focused() or QApplication.activeWindow()
    assert target is not None, "nothing to type into"
    qtbot.keyClick(target, sequence.key(), sequence.keyboardModifiers())


def spoken(widget: QWidget) -> str:
    """The name a screen reader reads for the widget."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name)


def words_of(label: QLabel) -> str:
    """The label's text as read: plain words on one line."""
    text = label.text()
    if label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    # The marks that set a stranger's words apart (sync.shown_text.isolated) are no words.
    text = text.translate(dict.fromkeys(map(ord, "\u200e\u2068\u2069")))
    return " ".join(text.replace("&", "").split())


def labels_hiding_their_text(root: QWidget) -> list[str]:
    """Labels on show whose accessible name a screen reader reads instead of their text,
    without that text in it: what they show never reaches the user."""
    hidden = []
    for label in root.findChildren(QLabel):
        words = words_of(label)
        if not label.isVisibleTo(root) or not words or not label.accessibleName():
            continue
        if words not in " ".join(spoken(label).split()):
            hidden.append(f"{label.accessibleName()!r} hides {words!r}")
    return hidden


def mnemonic(text: str) -> str:
    """The letter after a single & ("Re&tire…" → "T"), or ""."""
    plain = text.replace("&&", "")
    place = plain.find("&")
    return plain[place + 1].upper() if 0 <= place < len(plain) - 1 else ""


def mnemonics_on_show(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter → what it belongs to, for everything on show in the window: the menu
    bar's titles, buttons, labels that lead to a field, tabs."""
    found: dict[str, list[str]] = {}

    def note(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            found.setdefault(letter, []).append(f"{what} {text!r}")

    for bar in window.findChildren(QMenuBar):
        for action in bar.actions():
            note(action.text(), "menu")
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.shortcut() == QKeySequence.mnemonic(button.text()):
            note(button.text(), type(button).__name__)
    for label in window.findChildren(QLabel):
        if label.isVisibleTo(window) and label.buddy() is not None:
            note(label.text(), "label")
    for tabs in window.findChildren(QTabBar):
        if tabs.isVisibleTo(window):
            for index in range(tabs.count()):
                note(tabs.tabText(index), "tab")
    return found


def clashes(window: QWidget) -> dict[str, list[str]]:
    """Alt+letters that two things on show claim: Qt gives the key to one (the menu bar's
    wins), so the other's underline lies."""
    return {key: owners for key, owners in mnemonics_on_show(window).items() if len(owners) > 1}


def underlines_that_lie(window: QWidget) -> list[str]:
    """Buttons on show that underline a letter whose Alt key is not theirs (another key
    was set: "&Today" underlined T, its key was Alt+1)."""
    return [
        f"{button.text()!r} underlines {mnemonic(button.text())}, its key is "
        + button.shortcut().toString()
        for button in window.findChildren(QAbstractButton)
        if button.isVisibleTo(window)
        and mnemonic(button.text())
        and button.shortcut() != QKeySequence.mnemonic(button.text())
    ]


Announced = list[tuple[str, QAccessible.AnnouncementPoliteness]]


def record_announcements(monkeypatch: pytest.MonkeyPatch) -> Announced:
    """What will be handed to a screen reader to read out, and how urgently."""
    heard: Announced = []
    send = QAccessible.updateAccessibility

    def record(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            heard.append((event.message(), event.politeness()))
        send(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return heard


def each_screen_and_tab(window: MainWindow, qtbot: QtBot) -> Iterator[str]:
    """Shows each screen in turn, and on My visits each of the visit's tabs; says which."""
    for key in list(window.rail.pages):
        window.show_page(key)
        tabs = window.visit_panel.tabs if key == "visits" else None
        for tab in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(tab)
            qtbot.wait(10)
            yield f"{key} {tabs.tabText(tab) if tabs is not None else ''}".strip()
