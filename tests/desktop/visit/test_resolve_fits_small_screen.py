"""On a 1024×600 netbook, choosing Resolved grew the Status dialog to 711 px at y=147:
"Set status" was below the screen's edge.  Now it stays within the screen (moved up,
its rows scrolling), its buttons always on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from pytestqt.qtbot import QtBot

from desktop.visit.dialogs import StatusDialog

NETBOOK = QRect(0, 0, 1024, 600)
REQUIRED = [
    "Page count before service",
    "Clean the paper path, registration rollers and transfer roller",
    "Inspect pickup and separation rollers",
    "Print a configuration report and 20 duplex pages without a jam",
]


class Netbook:
    """The screen the dialog is on: 1024×600, no panel."""

    def availableGeometry(self) -> QRect:  # QScreen's name
        return NETBOOK


@pytest.fixture
def netbook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(StatusDialog, "screen", lambda _self: Netbook())


@pytest.mark.usefixtures("netbook")
def test_resolving_keeps_set_status_on_a_1024x600_screen(qtbot: QtBot) -> None:
    dialog = StatusDialog(
        "open", ("stalled", "resolved"), lambda _v: True, open_required=tuple(REQUIRED)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.move(292, 147)  # where it opened over the window in the reviewer's run
    dialog.choose("resolved")

    assert NETBOOK.contains(dialog.frameGeometry()), dialog.frameGeometry()
    for widget in (dialog.save_button, dialog.cancel_button):
        on_screen = QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())
        assert NETBOOK.contains(on_screen), (widget.text(), on_screen)
    # What does not fit scrolls: the resolution is reached, not squeezed away.
    dialog.scroll_area.ensureWidgetVisible(dialog.sign_next)
    assert not dialog.sign_next.visibleRegion().isEmpty()
    assert dialog.resolution.height() >= dialog.resolution.minimumHeight()


@pytest.mark.usefixtures("netbook")
def test_room_enough_shows_every_row_without_scrolling(qtbot: QtBot) -> None:
    dialog = StatusDialog("open", ("stalled", "resolved"), lambda _v: True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.move(292, 40)
    dialog.choose("resolved")
    assert NETBOOK.contains(dialog.frameGeometry())
    assert not dialog.scroll_area.verticalScrollBar().isVisible(), "it fits: nothing to scroll"
    assert not dialog.sign_next.visibleRegion().isEmpty()
