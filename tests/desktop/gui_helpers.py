"""Small helpers for driving FieldDesk screens like a user in tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTextBrowser
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import ActionDialog
from desktop.common.messages import Message, MessageBridge
from sync.engine import SyncReport
from sync.profile import Profile
from sync.session import Session


class Said:
    """Messages the screens told the user, in order."""

    def __init__(self) -> None:
        self.bridge = MessageBridge()
        self.bridge.listen()
        self.messages: list[Message] = []
        self.bridge.shown.connect(self.messages.append)

    def texts(self) -> list[str]:
        return [m.text for m in self.messages]


def sync(profile: Profile) -> SyncReport:
    """A real sync of the profile against the private RT (as the sync button does)."""
    session = Session(profile)
    try:
        report = session.sync()
    finally:
        session.close()
    assert report.ok, report.error
    return report


def when_dialog_opens(qtbot: QtBot, act: Callable[[QDialog], None]) -> None:
    """Run act on the next modal dialog (exec() blocks the test until it closes)."""

    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            try:
                act(dialog)
            except BaseException:
                dialog.reject()  # never leave the test blocked in exec()
                raise
        else:
            QTimer.singleShot(20, find)

    QTimer.singleShot(0, find)


def click_link(qtbot: QtBot, browser: QTextBrowser, href_part: str, text: str = "") -> None:
    """Click, with the mouse, the first link whose href contains href_part (and text)."""
    document = browser.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isAnchor() and href_part in fmt.anchorHref() and text in fragment.text():
                cursor = QTextCursor(document)
                cursor.setPosition(fragment.position() + max(1, fragment.length() // 2))
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                point = browser.cursorRect(cursor).center()
                qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href_part!r} in the reader")


def click_save(qtbot: QtBot, dialog: QDialog) -> None:
    if isinstance(dialog, ActionDialog):
        save = dialog.save_button
    else:
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
