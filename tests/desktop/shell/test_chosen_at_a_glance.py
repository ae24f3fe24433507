"""What is chosen reads at a glance, in either scheme: the rail's screen on show is
highlighted whole, its icon with its label (Fusion highlighted the label only, which then
looked like a band under the next screen's icon), and the list's period on show (Today,
This week, All) wears the selection's colours (in the dark scheme it looked like the
others; in the light one it was a slightly darker grey)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.common import theme
from desktop.shell.main_window import MainWindow
from desktop.shell.rail import ICON_SIZE
from sync.profile import Profile
from tests.desktop.keyboard_helpers import open_window


@pytest.fixture(params=["light", "dark"])
def window(request: pytest.FixtureRequest, qapp: QApplication, qtbot: QtBot,
           profile: Profile) -> Iterator[MainWindow]:  # fmt: skip
    previous = qapp.palette()
    qapp.setPalette(theme.dark_palette() if request.param == "dark" else previous)
    yield open_window(qtbot, profile)
    qapp.setPalette(previous)


def grabbed(qtbot: QtBot, widget: QWidget) -> QImage:
    widget.repaint()
    qtbot.wait(20)
    return widget.grab().toImage()


def role(widget: QWidget, name: QPalette.ColorRole) -> QColor:
    return widget.palette().color(QPalette.ColorGroup.Active, name)


def test_the_rails_screen_on_show_is_highlighted_icon_and_all(
    window: MainWindow, qtbot: QtBot
) -> None:
    nav = window.rail.nav
    window.visits.filter.setFocus()  # no focus ring on the rail: its fill is seen
    item = nav.visualItemRect(nav.currentItem())
    image = grabbed(qtbot, nav.viewport())
    beside_the_icon = item.topLeft() + QPoint(6, 6)
    assert image.pixelColor(beside_the_icon) == role(nav, QPalette.ColorRole.Highlight)
    band = [  # the icon's rows, across the item
        image.pixelColor(x, y)
        for y in range(item.top() + 2, item.top() + ICON_SIZE + 4)
        for x in range(item.left() + 2, item.right() - 2)
    ]
    in_text_colour = [c for c in band if c == role(nav, QPalette.ColorRole.WindowText)]
    # drawn in the highlighted text's white, which the style tints a little as selected
    strokes = [c for c in band if c.lightness() > 180]
    assert not in_text_colour, "the icon is drawn as on an unselected screen"
    assert len(strokes) > 20, "the icon is not drawn in the selection's text colour"


def test_the_period_on_show_wears_the_selection_colours(window: MainWindow, qtbot: QtBot) -> None:
    buttons = window.visits.scope_buttons.buttons()
    chosen = [button for button in buttons if button.isChecked()]
    assert len(chosen) == 1
    for button in buttons:
        face = grabbed(qtbot, button).pixelColor(QPoint(4, button.height() // 2))
        highlighted = face == role(button, QPalette.ColorRole.Highlight)
        assert highlighted == button.isChecked(), (button.text(), face.name())


def test_the_period_on_show_follows_a_change_of_scheme(
    window: MainWindow, qtbot: QtBot, qapp: QApplication
) -> None:
    """A style sheet's palette(highlight) is the colour it had when the sheet was set: the
    chosen button kept the other scheme's blue after a light/dark switch."""
    dark = theme.is_dark()
    qapp.setPalette(qapp.style().standardPalette() if dark else theme.dark_palette())
    window.retint_icons()  # what the app does when the scheme changes
    chosen = next(b for b in window.visits.scope_buttons.buttons() if b.isChecked())
    face = grabbed(qtbot, chosen).pixelColor(QPoint(4, chosen.height() // 2))
    assert face == qapp.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
