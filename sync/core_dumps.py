"""No core dump of FieldDesk: its memory holds the replica's key, the helpdesk token and
customers' text, which a crash would otherwise write to a file anyone with the laptop reads.

``forbid_core_dumps`` runs first thing in the window and in every command.  Linux: the
core file limit goes to 0 and the process is made not dumpable (``PR_SET_DUMPABLE``),
which also stops a crash handler such as apport or systemd-coredump, that may ignore
the limit, from keeping the memory.  macOS: the limit.  Elsewhere: nothing to do.

Not dumpable also means no other process of the same user may attach to FieldDesk
(ptrace: gdb, py-spy) or read its ``/proc/<pid>/mem``, which is the point on a lost laptop.
A developer who needs a dump or a profiler sets ``FIELDDESK_KEEP_CORE_DUMPS=1``.
"""

from __future__ import annotations

import os
import sys

KEEP_DUMPS_VARIABLE = "FIELDDESK_KEEP_CORE_DUMPS"
PR_SET_DUMPABLE = 4  # <linux/prctl.h>

_done = False


def forbid_core_dumps() -> None:
    """Turn core dumps off for this process (once; a failure is ignored: nothing to say)."""
    global _done  # noqa: PLW0603 - once per process
    if _done or os.environ.get(KEEP_DUMPS_VARIABLE, "") not in ("", "0"):
        return
    _done = True
    if sys.platform.startswith("linux") or sys.platform == "darwin":
        _no_core_file()
    if sys.platform.startswith("linux"):
        _not_dumpable()


def _no_core_file() -> None:
    import resource  # noqa: PLC0415 - POSIX only

    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0, hard))  # the hard limit stays a user's
    except (OSError, ValueError):
        pass


def _not_dumpable() -> None:
    """prctl(PR_SET_DUMPABLE, 0) through ctypes' C module: the ``ctypes`` package costs
    the window's start 2 ms (tests/cli/test_import_discipline.py), this 0.5 ms."""
    try:
        import _ctypes  # noqa: PLC0415 - Linux only

        class Function(_ctypes.CFuncPtr):
            _flags_ = _ctypes.FUNCFLAG_CDECL  # returns a C int: CFuncPtr's default

        class Libc:  # what CFuncPtr looks a name up in: the process's own symbols
            # dlopen(NULL): the process itself (typeshed wants a path)
            _handle = _ctypes.dlopen(None)  # type: ignore[arg-type]

        # Of the library object, CFuncPtr reads only its _handle (typeshed wants a CDLL).
        prctl = Function(("prctl", Libc))  # type: ignore[arg-type]
        prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    except (ImportError, OSError, AttributeError):  # no libffi, no prctl: nothing to do
        pass
