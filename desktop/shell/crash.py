"""Bugs end in a crash dialog with a copyable report, never in silence.

Known, user-fixable errors never get here (see ``desktop.common.user_errors``).
Anything else raised on the GUI thread reaches ``sys.excepthook``; it is
logged to the profile's log file and shown once in a dialog that says
what happened in plain words, offers the report to copy, and names the
log file support will ask for.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication

from sync.log_safety import redact
from sync.logs import setup_profile_log

log = logging.getLogger("fielddesk")


def setup_logging(log_dir: Path) -> Path:
    """Log to the profile's rotating file, the sync's messages included (never secrets)."""
    return setup_profile_log(log_dir)


def app_version() -> str:
    # Read when a report is written: importlib.metadata would cost every start ~30 ms.
    from importlib import metadata  # noqa: PLC0415

    try:
        return metadata.version("fielddesk")
    except metadata.PackageNotFoundError:  # a bundle built without package metadata
        return "(unknown version)"


# An error's text longer than this is left out of a report: it may quote a note, a
# subject or a customer's name (the lines of code and the error's type say where).
LONGEST_KEPT_MESSAGE = 80


def crash_report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    """Versions, where it failed and what kind of error: no customer text, no secret."""
    import platform  # noqa: PLC0415 - its regexes are compiled at import: only for a report

    lines = [
        f"FieldDesk {app_version()} on {platform.platform()}",
        f"Python {platform.python_version()}, PySide6 {pyside_version}",
        "",
        "Traceback (most recent call last):",
        *traceback.format_tb(tb),
        f"{kind.__qualname__}: {_message_of(error)}",
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


def _message_of(error: BaseException) -> str:
    quoted_key = isinstance(error, KeyError) and len(error.args) == 1  # str() of a KeyError
    text = redact(repr(error.args[0]) if quoted_key else str(error))
    if len(text) > LONGEST_KEPT_MESSAGE:
        return f"({len(text)} characters left out: they may quote customer data)"
    return text


class CrashHandler(QObject):
    """Installed as sys.excepthook while the GUI runs."""

    crashed = Signal(str)  # the report (tests listen to this)
    _dialog_wanted = Signal(str)

    def __init__(self, log_path: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.show_dialog = True
        # Errors the user can act on though nothing caught them (a damaged or full
        # replica under a read): the hook tells the user (True) instead of a bug report.
        self.known_error: Callable[[BaseException], bool] | None = None
        self._previous = sys.excepthook
        self._showing = False
        # Queued even from the GUI thread: the dialog opens after the failing slot
        # returned, and a worker thread's error is shown by the GUI thread.
        self._dialog_wanted.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, tb)
            return
        if self.known_error is not None and self.known_error(error):
            log.warning("told the user: %s: %s", kind.__name__, error)
            return
        report = crash_report(kind, error, tb)
        log.error("unexpected error\n%s", report)
        self.crashed.emit(report)
        if self.show_dialog:
            self._dialog_wanted.emit(report)

    @Slot(str)
    def _show(self, report: str) -> None:
        if self._showing:
            return  # one dialog at a time; the log has every report
        self._showing = True
        try:
            # Imported at the first crash: its widgets' modules cost every start.
            from desktop.shell.crash_dialog import CrashDialog  # noqa: PLC0415

            CrashDialog(report, self.log_path, QApplication.activeWindow()).exec()
        finally:
            self._showing = False
