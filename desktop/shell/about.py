"""Help → About FieldDesk: which version runs, on which profile, against which helpdesk.

What support asks first on a call; the window shows no version anywhere else.  The
text can be selected and copied into a ticket.
"""

from __future__ import annotations

from html import escape
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from sync import installed_version
from sync.profile import Profile

ICON_PX = 64


class Helpdesk(NamedTuple):
    url: str
    user: str  # as the helpdesk names the signed-in user


class AboutBox(QMessageBox):
    def __init__(self, parent: QWidget, profile: Profile, helpdesk: Helpdesk | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About FieldDesk"))
        where = self.tr("Helpdesk: not signed in")
        if helpdesk is not None:
            where = self.tr("Helpdesk: {url}, signed in as {user}").format(
                url=helpdesk.url, user=helpdesk.user
            )
        lines = [
            self.tr("FieldDesk {version}").format(version=installed_version()),
            self.tr("Profile: {folder}").format(folder=profile.root),
            where,
        ]
        # One line each, never broken inside a path or an address: the box widens instead.
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setText("<br>".join(f"<nobr>{escape(line)}</nobr>" for line in lines))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        icon = parent.windowIcon()  # the app's (desktop.app), where the OS uses one
        if not icon.isNull():
            self.setIconPixmap(icon.pixmap(ICON_PX, ICON_PX))
