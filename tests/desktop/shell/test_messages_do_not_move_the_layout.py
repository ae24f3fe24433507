"""A message coming or going never moves the visit list or the visit under the pointer."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile


def on_window(widget: QWidget, window: MainWindow) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def test_showing_and_hiding_a_message_keeps_list_and_detail_in_place(
    qtbot: QtBot, profile: Profile
) -> None:
    window = MainWindow(profile)  # not signed in: it opens with a message showing
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.banner.isVisible()
    shown = (on_window(window.visits.list, window), on_window(window.visit_panel, window))

    window.banner.close_button.click()
    qtbot.waitUntil(lambda: not window.banner.isVisible())
    hidden = (on_window(window.visits.list, window), on_window(window.visit_panel, window))
    assert hidden == shown

    window.messages.error("The helpdesk refused a change: a long reason " * 6)
    qtbot.waitUntil(window.banner.isVisible)
    again = (on_window(window.visits.list, window), on_window(window.visit_panel, window))
    assert again == shown
    # The whole message is readable inside the window, above the status bar.
    toast = on_window(window.banner, window)
    assert window.rect().contains(toast)
    assert toast.bottom() < window.statusBar().mapTo(window, QPoint(0, 0)).y()
    assert window.banner.height() >= window.banner.sizeHint().height()
