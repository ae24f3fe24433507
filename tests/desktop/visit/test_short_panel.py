"""A short visit panel (a 1366×768 screen at 150 %: a 911×512 window) puts the header's
card on one row, so the conversation keeps more of the height; a taller one goes back."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from sync.profile import Profile
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

NUMBER = "+44 23 9200 8810"
ADDRESS = "office@quaypoint.example"


def _top(widget: QWidget, panel: VisitDetail) -> int:
    return widget.mapTo(panel, QPoint(0, 0)).y()


def _resized(qtbot: QtBot, panel: VisitDetail, width: int, height: int) -> int:
    """The conversation's height once the panel is width × height."""
    panel.resize(width, height)
    qtbot.waitUntil(lambda: panel.height() == height)
    panel.layout().activate()
    return panel.conversation.height()


def test_a_short_panel_puts_the_card_on_one_row_and_gives_the_height_to_the_conversation(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, contact=f"Dana Quay, {NUMBER}, {ADDRESS}")
    panel = local_panel(qtbot, profile, local_db)
    header = panel.header
    tall = _resized(qtbot, panel, 420, 700)
    assert header.call.text() == "Call" and header.navigate.text() == "Navigate"
    assert header.phone_buttons[0].isVisible() and header.email_buttons[0].isVisible()
    assert _top(header.call, panel) > _top(header.navigate, panel), "two rows"
    two_rows = header.height()

    short = _resized(qtbot, panel, 420, 425)  # the panel in a 911×512 window
    assert _top(header.call, panel) == _top(header.navigate, panel), "one row"
    qtbot.waitUntil(lambda: header.height() < two_rows)  # the layouts settled
    short = panel.conversation.height()
    assert short > 425 - (700 - tall), "the conversation got the row the card gave up"
    # The buttons keep their icons, tooltips and names; the number is on Call's tooltip.
    for button, name in ((header.copy_address, "Copy address"), (header.navigate, "Navigate")):
        assert button.text() == "" and not button.icon().isNull()
        assert button.accessibleName() == name
    assert NUMBER in header.call.toolTip()
    assert not header.phone_buttons[0].isVisible() and not header.email_buttons[0].isVisible()
    assert header.site.isVisible() and header.site.width() > header.person.width() > 0

    _resized(qtbot, panel, 420, 700)  # the window maximised again
    assert _top(header.call, panel) > _top(header.navigate, panel)
    assert header.call.text() == "Call"
    assert header.phone_buttons[0].isVisible() and header.email_buttons[0].isVisible()


def test_another_visit_shown_in_a_short_panel_keeps_its_copy_buttons_out_of_the_row(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, contact="Julie Marsh")  # no number yet: no copy buttons made
    panel = local_panel(qtbot, profile, local_db)
    _resized(qtbot, panel, 420, 425)
    seed(local_db, contact=f"Dana Quay, {NUMBER}, {ADDRESS}")
    panel.refresh()
    assert panel.header.phone_buttons and panel.header.call.isVisible()
    assert not panel.header.phone_buttons[0].isVisible()
    assert not panel.header.email_buttons[0].isVisible()
    _resized(qtbot, panel, 420, 700)
    assert panel.header.phone_buttons[0].isVisible()
