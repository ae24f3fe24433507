"""Where the keyboard focus is can be seen: the visit list's row, the rail's screen and the
action bar's button are ringed 2 px in the text colour, which stands out from the row's
highlight and from the background (Fusion's faint frame was lost on the selection)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from tests.desktop.common.test_contrast import contrast
from tests.desktop.keyboard_helpers import focused, open_window


@pytest.fixture
def window(qtbot: QtBot, profile: Profile) -> MainWindow:
    return open_window(qtbot, profile)


def text_colour(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)


def grabbed(qtbot: QtBot, widget: QWidget) -> QImage:
    widget.repaint()
    qtbot.wait(20)
    return widget.grab().toImage()


def test_the_current_visit_is_ringed_while_the_list_has_the_focus(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = window.visits.list
    view.setFocus(Qt.FocusReason.TabFocusReason)
    row = view.currentIndex().row()
    edge = QPoint(4, view.rowViewportPosition(row))  # the row's top edge, left
    ringed = grabbed(qtbot, view.viewport()).pixelColor(edge)
    assert ringed == text_colour(view)
    highlight = view.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    assert contrast(ringed.name(), highlight.name()) >= 3  # it stands out from the row
    window.visits.filter.setFocus(Qt.FocusReason.TabFocusReason)
    assert grabbed(qtbot, view.viewport()).pixelColor(edge) != ringed  # no focus, no ring


def test_the_rails_screen_is_ringed_while_the_rail_has_the_focus(
    window: MainWindow, qtbot: QtBot
) -> None:
    nav = window.rail.nav
    nav.setFocus(Qt.FocusReason.TabFocusReason)
    item = nav.visualItemRect(nav.currentItem())
    corner = item.topLeft() + QPoint(1, 1)  # beside the icon, on the background
    ringed = grabbed(qtbot, nav.viewport()).pixelColor(corner)
    assert ringed == text_colour(nav)
    background = nav.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
    assert contrast(ringed.name(), background.name()) >= 3


def test_the_focused_action_button_is_ringed(window: MainWindow, qtbot: QtBot) -> None:
    button = next(iter(window.visit_panel.work_actions.bar.buttons.values()))
    button.setFocus(Qt.FocusReason.TabFocusReason)
    assert focused() is button
    left_middle = QPoint(0, button.height() // 2)
    assert grabbed(qtbot, button).pixelColor(left_middle) == text_colour(button)
