"""The visit header: priority in words, the SLA in a sentence, Navigate and Call,
compact at 1024×640; the conversation newest-first, at a note just written, its
link lines folded."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visit.composer import NoteDialog
from desktop.visit.header import VisitHeader
from sync.deployment import ENV_VAR, load_deployment
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.visit_display import VisitDisplay, parse_bands
from tests.desktop.visit.helpers import save
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name


class Opened(QObject):
    """Stands in for the maps and phone programs: what the desktop was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def opened() -> object:
    handler = Opened()
    for scheme in ("https", "tel", "geo"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in ("https", "tel", "geo"):
        QDesktopServices.unsetUrlHandler(scheme)


def stored_visit(db: sqlite_utils.Database) -> ticket_store.Visit:
    visit = ticket_store.get_visit(db, VISIT)
    assert visit is not None
    return visit


def header_for(db: sqlite_utils.Database, display: VisitDisplay | None = None) -> VisitHeader:
    header = VisitHeader(display or VisitDisplay())
    header.show_visit(stored_visit(db), 0)
    return header


def test_priority_reads_as_the_contracts_words(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, priority="80", due="2020-01-01T00:00:00Z")
    header = header_for(local_db)
    qtbot.addWidget(header)
    assert "Urgent priority" in header.facts.text()
    contract = VisitDisplay(priority_bands=parse_bands("0 P4, 30 P3, 60 P2, 90 P1"))
    assert [contract.priority_words(n) for n in (0, 29, 30, 89, 90, 100)] == [
        "P4", "P4", "P3", "P2", "P1", "P1"
    ]  # fmt: skip


def test_the_bands_and_the_maps_link_come_from_fielddesk_ini(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = tmp_path / "fielddesk.ini"
    ini.write_text(
        "[visit]\npriority_bands = 0 Routine, 70 Emergency\nmaps_url = geo:0,0?q={address}\n",
        encoding="utf-8",
    )
    ini.chmod(0o644)
    monkeypatch.setenv(ENV_VAR, str(ini))
    display = load_deployment().visit
    assert display.priority_words(75) == "Emergency"
    assert display.maps_link("12 Elm Grove, Leeds") == "geo:0,0?q=12%20Elm%20Grove%2C%20Leeds"


def test_the_sla_reads_as_a_sentence(qtbot: QtBot, local_db: sqlite_utils.Database) -> None:
    seed(local_db, due="2020-01-01T00:00:00Z")
    header = header_for(local_db)
    qtbot.addWidget(header)
    text = header.facts.text()
    assert "SLA overdue by " in text and " d " in text
    assert "due overdue" not in text


def test_navigate_and_call_hand_the_address_and_number_to_the_desktop(
    qtbot: QtBot, local_db: sqlite_utils.Database, opened: Opened
) -> None:
    seed(local_db)
    header = header_for(local_db)
    qtbot.addWidget(header)
    header.navigate.click()
    header.call.click()
    assert opened.urls == [
        "https://www.openstreetmap.org/search?query="
        "Elmgrove%20Medical%20Practice%2C%2012%20Elm%20Grove%2C%20Leeds",
        "tel:+442392001234",
    ]


def test_each_number_and_address_of_the_contact_has_its_copy_button(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, contact="Julie Marsh, +44 23 9200 1234, julie@elmgrove.example")
    header = header_for(local_db)
    qtbot.addWidget(header)
    header.show()

    def row() -> list[str]:  # the contact row's copy buttons as shown, left to right
        shown = [b for b in (*header.phone_buttons, *header.email_buttons) if b.isVisible()]
        return [b.text() for b in sorted(shown, key=lambda b: b.x())]

    assert row() == ["+44 23 9200 1234", "julie@elmgrove.example"]
    # More of both: the phones stay before the addresses, two of each at most.
    seed(
        local_db,
        contact="Julie Marsh, +44 23 9200 1234, +44 7700 900123, +44 7700 900456,"
        " julie@elmgrove.example, desk@elmgrove.example, it@elmgrove.example",
    )
    header.show_visit(stored_visit(local_db), 0)
    qtbot.waitUntil(lambda: len(row()) == 4)
    # Room for the four (squeezed, each shows its value cut with "…").
    header.setMinimumWidth(900)
    qtbot.waitUntil(lambda: "…" not in "".join(row()))
    assert row() == [
        "+44 23 9200 1234",
        "+44 7700 900123",
        "julie@elmgrove.example",
        "desk@elmgrove.example",
    ]
    seed(local_db, contact="Front desk")  # none: no copy button shows
    header.show_visit(stored_visit(local_db), 0)
    assert row() == []


def test_the_header_leaves_the_conversation_most_of_the_height(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, subject="Front-desk printer jams on every second page " * 4, links=3)
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    window.open_visit(VISIT)
    qtbot.wait(50)
    panel = window.visit_panel
    assert panel.conversation.height() >= panel.height() // 2
    assert panel.header.title.height() < 40  # one line, however long the subject


def test_newest_first_is_remembered_and_a_note_just_written_is_in_view(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    panel = local_panel(qtbot, profile, local_db)
    bar = panel.conversation.verticalScrollBar()
    assert bar.maximum() > 0, "a conversation longer than the panel"

    panel.work_actions["note"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text, "Roller replaced.")
    save(qtbot, panel, dialog)
    assert bar.value() == bar.maximum()  # oldest first: the new note is at the bottom

    panel.newest_first.setChecked(True)
    assert panel.conversation.toPlainText().index("Roller replaced.") < 200
    again = local_panel(qtbot, profile, local_db)  # the profile remembers the choice
    assert again.newest_first.isChecked()
    assert again.conversation.toPlainText().index("Roller replaced.") < 200
    bar.setValue(bar.maximum())
    panel.work_actions["note"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text, "Test page clean.")
    save(qtbot, panel, dialog)
    assert bar.value() == 0  # newest first: at the top


def test_linked_equipment_lines_fold_into_one(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, links=4)
    panel = local_panel(qtbot, profile, local_db)
    text = panel.conversation.toPlainText()
    assert (
        text.count("Links changed 4 times: equipment #1, equipment #2, equipment #3 and 1 more")
        == 1
    )
    assert "Linked equipment #4" not in text
    panel.conversation.anchorClicked.emit(QUrl(f"fdfold:{24}"))  # its "Show each"
    text = panel.conversation.toPlainText()
    assert all(f"Linked equipment #{n}" in text for n in range(1, 5))
