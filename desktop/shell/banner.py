"""A message strip at the top of the window: what the message bridge says.

Errors stay until dismissed (the user must be able to read them); news
fades after a few seconds.  No modal boxes for things the user can fix.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from desktop.common.icons import icon
from desktop.common.messages import Level, Message

INFO_SHOWN_MS = 6_000
STYLES = {
    Level.INFO: "background:#e8f5e9; color:#1b5e20; border:1px solid #a5d6a7;",
    Level.WARNING: "background:#fff8e1; color:#6d4c00; border:1px solid #ffd54f;",
    Level.ERROR: "background:#ffebee; color:#8e0000; border:1px solid #ef9a9a;",
}
ICONS = {Level.INFO: "check", Level.WARNING: "warning", Level.ERROR: "error"}


class Banner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.icon = QLabel()
        self.text = QLabel()
        # Messages quote file names, subjects and the helpdesk's own words: never markup.
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Message"))
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.close_button)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self.hide)
        self.message: Message | None = None
        self.hide()

    @Slot(object)
    def show_message(self, message: Message) -> None:
        self.message = message
        self.setStyleSheet(f"#banner {{{STYLES[message.level]} border-radius:4px;}}")
        self.text.setStyleSheet(STYLES[message.level].split("border")[0])
        self.icon.setPixmap(icon(ICONS[message.level]).pixmap(18, 18))
        self.text.setText(message.text)
        self.show()
        if message.level is Level.INFO:
            self._fade.start(INFO_SHOWN_MS)
        else:
            self._fade.stop()
