"""One sync at a time per profile, across threads and processes."""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from sync.private_files import open_private, private_dir


class SyncBusy(RuntimeError):
    """Another FieldDesk (or another sync) is working on this profile."""


POLL_S = 0.05  # how often a lock held elsewhere is tried again while waiting for it
SYNCING = "another FieldDesk window or command is syncing this profile; try again shortly"


class ProfileLock:
    """An exclusive lock file; released when the process dies.

    Taken at once or SyncBusy; with ``wait_s``, tried again until then."""

    def __init__(self, path: Path, wait_s: float = 0.0, *, busy: str = SYNCING) -> None:
        self.path = path
        self.wait_s = wait_s
        self.busy = busy  # what SyncBusy says when another holds it
        self._handle: IO[str] | None = None

    def __enter__(self) -> ProfileLock:
        private_dir(self.path.parent)
        try:
            descriptor = open_private(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND)
        except OSError as error:
            raise _said(error) from None
        handle = os.fdopen(descriptor, "a+")
        try:
            if not _locked_within(handle, self.wait_s):
                raise SyncBusy(self.busy) from None
            _note_pid(handle)
        except BaseException:
            handle.close()  # the lock goes with it, whoever keeps the error
            raise
        self._handle = handle
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._handle is not None:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


def _note_pid(handle: IO[str]) -> None:
    """The holder's process id in the lock file, for a person looking: the lock is the
    file's lock, not its text, so a disk too full for a few bytes takes nothing away.
    Written straight to the file, so no buffered text is left to fail again at close."""
    descriptor = handle.fileno()
    try:
        os.ftruncate(descriptor, 0)
        os.write(descriptor, str(os.getpid()).encode())
    except OSError as error:
        from sync.logging_later import logger  # noqa: PLC0415 - only when it fails

        logger(__name__).info("the sync lock holds no process id: %s", error.strerror)


def _said(error: OSError) -> Exception:
    """A lock file that cannot be made: a full disk in the store's own words."""
    if error.errno == errno.ENOSPC:
        from sync.store.database import DiskFull  # noqa: PLC0415 - the store, only then

        return DiskFull()
    return error


def wait_until_free(path: Path, wait_s: float) -> bool:
    """Whether nobody holds the lock file at path within wait_s (True at once if there is
    none).  Writes nothing: the lock is only tried, then let go."""
    try:
        handle = open(path)  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return True
    with handle:
        if not _locked_within(handle, wait_s):
            return False
        _unlock(handle)
        return True


def _locked_within(handle: IO[str], wait_s: float) -> bool:
    """Whether the lock on handle is taken within wait_s (tried every POLL_S)."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            _lock(handle)
            return True
        except OSError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)


if sys.platform == "win32":
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        # msvcrt locks the byte at the file's position: always the first one (a handle
        # opened to append starts at the end, and every process must lock the same byte).
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
