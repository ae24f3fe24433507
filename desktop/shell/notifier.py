"""Tell the technician about new visits, even when the window is hidden."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from desktop.common.icons import icon
from sync.store.tickets import Visit


def new_visits_text(visits: list[Visit]) -> str:
    lines = [f"#{v.id} {v.subject}" + (f" — {v.site}" if v.site else "") for v in visits[:3]]
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
        title = self.tr("{n} new visit(s) assigned to you").format(n=len(visits))
        text = new_visits_text(visits)
        self.last = (title, text)
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        QApplication.alert(self.window)  # taskbar flash when the window is in the background

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()
