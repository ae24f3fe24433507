"""The profile's log file, which support reads: what failed, never secrets or customer text.

One rotating file per profile (``<profile>/logs/fielddesk.log``) collects the
app's own messages (``fielddesk.*``), the sync's (``sync.*``) and the command
line's (``cli.*``), whether the window or the CLI is running.  Opening another
profile moves the logging to that profile's file.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sync.log_safety import Redactor
from sync.private_files import open_private, private_dir

LOG_FILE = "fielddesk.log"
LOGGERS = ("fielddesk", "sync", "cli")
MAX_BYTES = 1_000_000
BACKUPS = 3


class _ProfileLog(RotatingFileHandler):
    """Marks the handler as ours, so it can be found and replaced; its files are 0600."""

    def _open(self) -> io.TextIOWrapper:
        descriptor = open_private(Path(self.baseFilename), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return io.TextIOWrapper(
            io.FileIO(descriptor, "a"), encoding=self.encoding, errors=self.errors
        )

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A line the disk cannot take (full) is dropped: logging's own report of it would be
        a traceback on the user's terminal about a file they never asked for.  Anything else
        (a malformed log call) is reported as usual."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handleError(record)


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
    handler = _ProfileLog(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(Redactor())  # the helpdesk's words and secrets never reach the file
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path
