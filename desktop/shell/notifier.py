"""Tell the technician about new visits, even when the window is hidden.

Subjects and sites are the customer's words.  Linux notification servers (GNOME,
KDE) read a notification's body as markup — ``<b>``, ``<a href>``, ``<img>`` — and
Qt passes it on as it is, so the text is made plain first: no control
characters, and on those desktops no ``<``, ``>`` or ``&`` (look-alike signs
instead, which read the same and mean nothing to a markup parser).
"""

from __future__ import annotations

import sys
import unicodedata

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from desktop.common.icons import icon
from sync.shown_text import shown_subject
from sync.store.tickets import Visit
from sync.words import plural

LINE_MAX = 90
MARKUP_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "&": "＆"})


def plain_line(text: str, *, markup_server: bool | None = None) -> str:
    """One line of outside text, safe for any notification server."""
    if markup_server is None:
        markup_server = sys.platform not in ("win32", "darwin")
    cleaned = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text
    )
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > LINE_MAX:
        cleaned = cleaned[: LINE_MAX - 1] + "…"
    return cleaned.translate(MARKUP_LOOKALIKES) if markup_server else cleaned


def new_visits_text(visits: list[Visit], *, markup_server: bool | None = None) -> str:
    lines = [
        plain_line(
            f"#{v.id} {shown_subject(v.subject)}" + (f" — {v.site}" if v.site else ""),
            markup_server=markup_server,
        )
        for v in visits[:3]
    ]
    if len(visits) > 3:
        lines.append(f"… and {len(visits) - 3} more")
    return "\n".join(lines)


class Notifier(QObject):
    """A system notification through the tray when the desktop has one."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self.last: tuple[str, str] | None = None  # (title, text): what was said last
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon("visits"), self)
            self.tray.setToolTip("FieldDesk")
            self.tray.show()

    def new_visits(self, visits: list[Visit]) -> None:
        if not visits:
            return
        title = self.tr("{visits} assigned to you").format(
            visits=plural(len(visits), self.tr("new visit"), self.tr("new visits"))
        )
        text = new_visits_text(visits)
        self.last = (title, text)
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        QApplication.alert(self.window)  # taskbar flash when the window is in the background

    def say(self, title: str, text: str) -> None:
        """A reminder of our own making (no outside text)."""
        self.last = (title, text)
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
