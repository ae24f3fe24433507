"""The profile's log file, which support reads: what failed, never secrets or customer text.

One rotating file per profile (``<profile>/logs/fielddesk.log``) collects the
app's own messages (``fielddesk.*``), the sync's (``sync.*``) and the command
line's (``cli.*``), whether the window or the CLI is running.  Opening another
profile moves the logging to that profile's file.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sync.log_safety import Redactor
from sync.private_files import private_dir

if TYPE_CHECKING:
    from sync.log_file import PrivateRotatingFile

LOG_FILE = "fielddesk.log"
LOGGERS = ("fielddesk", "sync", "cli")
MAX_BYTES = 1_000_000
BACKUPS = 3


class _ProfileLog(logging.Handler):
    """Marks the handler as ours, so it can be found and replaced.

    The file (``sync.log_file``, 0600, rotated) is set up at the first line
    written: a command that logs nothing does not import the rotating handler.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path.absolute())  # as a FileHandler names its file
        self._file: PrivateRotatingFile | None = None

    def emit(self, record: logging.LogRecord) -> None:  # called with this handler's lock
        if self._file is None:
            from sync.log_file import PrivateRotatingFile  # noqa: PLC0415 - see the class

            self._file = PrivateRotatingFile(
                self.baseFilename,
                maxBytes=MAX_BYTES,
                backupCount=BACKUPS,
                encoding="utf-8",
                delay=True,
            )
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        self.acquire()
        try:
            if self._file is not None:
                self._file.close()
                self._file = None
        finally:
            self.release()
        super().close()


def setup_profile_log(log_dir: Path) -> Path:
    """Send FieldDesk's loggers to this profile's rotating log file (idempotent)."""
    private_dir(log_dir)
    path = log_dir / LOG_FILE
    loggers = [logging.getLogger(name) for name in LOGGERS]
    current = {h for lg in loggers for h in lg.handlers if isinstance(h, _ProfileLog)}
    if {h.baseFilename for h in current} == {str(path.absolute())} and all(
        any(isinstance(h, _ProfileLog) for h in lg.handlers) for lg in loggers
    ):
        return path
    for handler in current:  # another profile's file: stop writing there
        for logger in loggers:
            logger.removeHandler(handler)
        handler.close()
    handler = _ProfileLog(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redactor())  # the helpdesk's words and secrets never reach the file
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path
