"""A message toast over the bottom of the window: what the message bridge says.

Errors stay until dismissed (the user must be able to read them), or until a
later sync completes for a sync's own failure (``Message.withdrawal``); news
fades after a few seconds.  No modal boxes for things the user can fix.

The toast floats over the screens instead of taking a row of the layout: a
message that comes or goes never moves what is under the pointer (a click
aimed at one visit must not land on another).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from desktop.common.icons import icon
from desktop.common.messages import Level, Message
from desktop.common.spoken import announce, show_text
from desktop.common.theme import is_dark

INFO_SHOWN_MS = 6_000
WIDEST = 760  # a toast wider than this is hard to read at a glance
MARGIN = 12  # from the edges of the area it floats over
STYLES = {
    Level.INFO: "background:#e8f5e9; color:#1b5e20; border:1px solid #a5d6a7;",
    Level.WARNING: "background:#fff8e1; color:#6d4c00; border:1px solid #ffd54f;",
    Level.ERROR: "background:#ffebee; color:#8e0000; border:1px solid #ef9a9a;",
}
# In a dark scheme the icons and ✕ are drawn light: the toast goes dark with them.
DARK_STYLES = {
    Level.INFO: "background:#1b3a1f; color:#c8e6c9; border:1px solid #4caf50;",
    Level.WARNING: "background:#3a2e00; color:#ffe082; border:1px solid #b28704;",
    Level.ERROR: "background:#4a1515; color:#ffcdd2; border:1px solid #e57373;",
}
ICONS = {Level.INFO: "check", Level.WARNING: "warning", Level.ERROR: "error"}


class Banner(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.icon = QLabel()
        self.text = QLabel()
        # Messages quote file names, subjects and the helpdesk's own words: never markup.
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
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
        shadow = QGraphicsDropShadowEffect(self)  # floats over content: set it apart
        shadow.setBlurRadius(16)
        shadow.setOffset(0, 2)
        shadow.setColor(QColor(0, 0, 0, 90))
        self.setGraphicsEffect(shadow)
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(self.hide)
        self.message: Message | None = None
        self.hide()

    def float_over(self, area: QWidget) -> None:
        """Float over the bottom of ``area``, outside its layout, following its size."""
        self.setParent(area)
        area.installEventFilter(self)
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        area = self.parentWidget()
        if area is None:
            return
        width = min(WIDEST, area.width() - 2 * MARGIN)
        height = self.heightForWidth(width) if self.hasHeightForWidth() else -1
        height = max(height, self.sizeHint().height())
        self.setGeometry(
            (area.width() - width) // 2, area.height() - height - MARGIN, width, height
        )
        self.raise_()

    @Slot(object)
    def show_message(self, message: Message) -> None:
        self._put(message)
        # Shown far from the focus: a screen reader reads it out; a problem at once.
        announce(self, message.text, urgent=message.level is not Level.INFO)

    @Slot(object)
    def _withdrawn(self, rest: Message | None) -> None:
        """A later sync completed: the failure on show is over.  What was told with it (a
        refusal that still waits for the user) stays, without being read out again."""
        if self.isHidden():  # dismissed: nothing comes back
            return
        if rest is None:
            self.hide()
        else:
            self._put(rest)

    def _put(self, message: Message) -> None:
        if self.message is not None and self.message.withdrawal is not None:
            self.message.withdrawal.withdrawn.disconnect(self._withdrawn)
        self.message = message
        if message.withdrawal is not None:
            message.withdrawal.withdrawn.connect(self._withdrawn)
        style = (DARK_STYLES if is_dark() else STYLES)[message.level]
        self.setStyleSheet(f"#banner {{{style} border-radius:6px;}}")
        self.text.setStyleSheet(style.split("border")[0])
        self.icon.setPixmap(icon(ICONS[message.level]).pixmap(18, 18))
        show_text(self.text, self.tr("Message"), message.text)
        self.show()
        self._place()
        if message.level is Level.INFO:
            self._fade.start(INFO_SHOWN_MS)
        else:
            self._fade.stop()
