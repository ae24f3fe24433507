"""What a label shows reaches a screen reader: Qt reads a label's accessible name instead
of its text, so a label named for its field ("Sync state", "Message") said only that.
Every content label now says "Field: what it shows"; messages are also read out."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from sync.profile import Profile
from tests.desktop.dispatch.test_board_week import propose_dialog
from tests.desktop.keyboard_helpers import (
    Announced,
    each_screen_and_tab,
    labels_hiding_their_text,
    open_window,
    record_announcements,
    spoken,
)


@pytest.fixture
def announced(monkeypatch: pytest.MonkeyPatch) -> Announced:
    return record_announcements(monkeypatch)


def test_no_label_on_any_screen_hides_what_it_shows(qtbot: QtBot, profile: Profile) -> None:
    window = open_window(qtbot, profile, asset=True)
    window.assets  # noqa: B018 - its record shows the printer's fields
    hidden = [
        f"{where}: {label}"
        for where in each_screen_and_tab(window, qtbot)
        for label in labels_hiding_their_text(window)
    ]
    assert hidden == []
    header = window.visit_panel.header
    window.show_page("visits")
    assert spoken(header.title) == "Visit: #7 Front-desk printer jams"
    assert spoken(header.facts).startswith("Status and schedule: open · High priority · ")
    assert spoken(window.indicator.text).startswith("Sync state: Connection not checked yet")
    clock = window.visit_panel.timer.clocks["travel"]
    assert spoken(clock) == "Travel time: 0:00"
    window.show_page("assets")
    serial = window.assets.record.values["serial"]
    # The record opens when the finder's search (off the GUI thread) brings the printer.
    qtbot.waitUntil(lambda: serial.text() == "VNB3K12345")
    assert spoken(serial) == "Serial: VNB3K12345"


def test_a_supervisors_board_says_what_it_shows(qtbot: QtBot, profile: Profile) -> None:
    window = open_window(qtbot, profile, supervisor=True)
    assert labels_hiding_their_text(window) == []
    assert window.board is not None
    assert spoken(window.board.range_label).startswith("Shown dates: ")


def test_the_assign_dialog_says_its_warnings(qtbot: QtBot) -> None:
    dialog = propose_dialog(qtbot, None)  # the SLA cannot be met, no slot can
    dialog.show()
    assert labels_hiding_their_text(dialog) == []
    assert spoken(dialog.warnings).startswith("Warnings: ⚠ the SLA is due Tue 24 Nov 12:00")
    assert spoken(dialog.proposal_text).startswith("Slot that meets the SLA: No technician")


def test_a_message_is_read_out_and_readable(
    qtbot: QtBot, profile: Profile, announced: Announced
) -> None:
    window = open_window(qtbot, profile)
    window.messages.error("The helpdesk refused the change: field is read-only")
    assert window.banner.isVisible()
    assert spoken(window.banner.text) == (
        "Message: The helpdesk refused the change: field is read-only"
    )
    assert announced[-1] == (
        "The helpdesk refused the change: field is read-only",
        QAccessible.AnnouncementPoliteness.Assertive,  # a problem interrupts
    )
    window.messages.info("Note saved on this laptop")
    assert announced[-1] == (
        "Note saved on this laptop",
        QAccessible.AnnouncementPoliteness.Polite,  # news waits its turn
    )
