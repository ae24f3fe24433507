"""Logging set up at the first line written, for a command that usually writes none.

``fielddesk visits`` opens the replica as a session does, which sends FieldDesk's
loggers to the profile's log file, and the command line sends other libraries'
warnings to stderr;
but a listing that goes well writes no line, and loading ``logging`` and its
handlers is ~9 ms of its cold start.  So while ``logging`` is not loaded, what sets
it up waits here (``when_logging``) and runs before the first line FieldDesk's code
writes (``logger``), or where code that logs on its own is about to run
(``set_up_now``: the command line's other commands, keyring).  Once ``logging`` is
loaded, a setup runs at once, as it always did.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging
    from collections.abc import Callable
    from pathlib import Path

_waiting: list[Callable[[], object]] = []


def when_logging(setup: Callable[[], object]) -> None:
    """Run setup now if ``logging`` is loaded, else before the first line (see the module)."""
    if "logging" in sys.modules:
        setup()
    else:
        _waiting.append(setup)


def set_up_now() -> None:
    """Run what waits: code that logs through ``logging`` itself is about to run."""
    while _waiting:
        _waiting.pop(0)()


def logger(name: str) -> logging.Logger:
    """The logger called name, with what waits set up first: for code that logs only when
    something went wrong, on the path of a command that may write no line."""
    import logging  # noqa: PLC0415 - see the module docstring

    set_up_now()
    return logging.getLogger(name)


def profile_log_when_written(log_dir: Path) -> None:
    """The profile's log file (``sync.logs``), set up as above; its folder is made now."""
    from sync.private_files import private_dir  # noqa: PLC0415 - keeps this module tiny

    private_dir(log_dir)
    when_logging(lambda: _profile_log(log_dir))


def _profile_log(log_dir: Path) -> None:
    from sync.logs import setup_profile_log  # noqa: PLC0415 - it loads logging

    setup_profile_log(log_dir)
