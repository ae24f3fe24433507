"""F1's list of keys: a window beside the main one, that scrolls on a low screen.

With every screen's keys the list is some 70 lines: in a message box it was taller than
a 768-px laptop screen, its end and its button below the screen's edge.  Here it is as
tall as it needs within the screen, and scrolls beyond.  It does not block the window:
a technician may keep it open while trying the keys.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.common.screen_room import resize_within_screen

MARGIN = 12


class ShortcutsWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.page = QTextBrowser()
        self.page.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.page.setOpenLinks(False)
        self.page.setAccessibleName(self.tr("Keyboard shortcuts"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        self._html = ""

    def show_keys(self, html: str) -> None:
        """Show ``html`` (``actions.shortcut_html``), sized to it within the screen."""
        self._html = html
        self.page.setHtml(html)
        document = self.page.document()
        document.setTextWidth(document.idealWidth())
        bar = self.page.verticalScrollBar().sizeHint().width()  # kept if it scrolls
        around = self.sizeHint().height() - self.page.sizeHint().height()
        width = round(document.idealWidth()) + bar + 2 * MARGIN
        height = round(document.size().height()) + around
        resize_within_screen(self, width, height)
        self.page.verticalScrollBar().setValue(0)
        self.show()
        self.raise_()
        self.activateWindow()
        self.page.setFocus(Qt.FocusReason.ActiveWindowFocusReason)  # arrows and PgDn scroll

    def text(self) -> str:
        """The page as shown, in HTML."""
        return self._html
