"""The profile's log file itself: rotated by size, private (0600), quiet when the disk is full.

Imported by ``sync.logs`` at the first line written, not when the log is set up:
``logging.handlers`` brings sockets, pickle and queues with it, and a command that
writes no log line (``fielddesk visits``) has no use for them.
"""

from __future__ import annotations

import io
import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from sync.private_files import open_private


class PrivateRotatingFile(RotatingFileHandler):
    """A rotating log file only the user can read."""

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
