"""Start the Qt application and show the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from sync.profile import Profile

VIEWING_HINT = (
    "no display to show the FieldDesk window on. Run it in a desktop session, "
    "over 'ssh -X', or on a virtual display: 'xvfb-run -a fielddesk gui'. "
    "To just look at it: 'fielddesk gui --screenshot fielddesk.png'."
)


class NoDisplayError(RuntimeError):
    """There is no screen to show a window on."""


def display_available() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal", "vnc")):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True  # Windows and macOS always have a window server for a logged-in user


def run_gui(profile: Profile, screenshot: Path | None = None) -> int:
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not display_available():
        raise NoDisplayError(VIEWING_HINT)
    QCoreApplication.setApplicationName("FieldDesk")
    QCoreApplication.setOrganizationName("FieldDesk")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    window = MainWindow(profile.ensure(), sync_on_start=True)
    window.show()
    if screenshot is not None:
        _screenshot_when_idle(window, screenshot)
    return app.exec()


def _screenshot_when_idle(window: MainWindow, path: Path) -> None:
    """Save a picture once the start-up sync is over (or at once without one)."""

    def save() -> None:
        window.grab().save(str(path))
        window.close()
        QApplication.quit()

    if window.sync_controller.running:
        window.sync_controller.finished.connect(lambda _report: QTimer.singleShot(100, save))
        window.sync_controller.failed.connect(lambda _message: QTimer.singleShot(100, save))
    else:
        QTimer.singleShot(0, save)
