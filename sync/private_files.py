"""A profile's files are its technician's alone: folders 0700, files 0600 on POSIX.

The profile holds customers' names, addresses, conversations and photos; other
local accounts must not read them.  Modes are set explicitly (not left to the
umask): folders are made private when created, files FieldDesk writes itself
are created 0600, and ``make_private`` tightens a whole profile at start and
after each sync (what SQLite or an older FieldDesk created with the umask's
mode).  Windows profiles live under the user's own AppData, which its ACLs
already keep private: nothing is changed there.

A link is never followed to change a mode (a link planted as ``attachments``
would have the folder it points to, ``~/.ssh`` say, changed instead), and a
mode is changed only when it differs: a profile on a read-only disk, or a folder
another account owns, is said in the log and used as it is.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = sys.platform != "win32"
# A mode that cannot be changed here: a read-only disk, a folder another account owns.
UNCHANGEABLE = (errno.EROFS, errno.EPERM)


def private_dir(path: Path) -> Path:
    """Create the folder (and missing parents inside it) readable by this user only.

    A link in its place is left as it is (never what it points to: see the module)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if POSIX:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            _said("%s is a link to another folder: its permissions are left as they are", path)
        elif stat.S_IMODE(info.st_mode) != PRIVATE_DIR:
            _change_mode(lambda: os.chmod(path, PRIVATE_DIR), path)
    return path


def private_new_dirs(path: Path) -> Path:
    """Create the folder and any missing parents, each new one readable by this user only;
    a folder already there keeps its mode (the user's own ``~/Documents``, chosen for an
    export: unlike ``private_dir``, which makes its folder private whoever made it)."""
    missing = []
    for level in (path, *path.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile: not ours to change
            level.mkdir(mode=PRIVATE_DIR)
    return path


def open_private(path: Path, flags: int) -> int:
    """os.open for a file FieldDesk creates: 0600 whatever the umask."""
    descriptor = os.open(path, flags, PRIVATE_FILE)
    if POSIX and stat.S_IMODE(os.fstat(descriptor).st_mode) != PRIVATE_FILE:
        # An existing file keeps its mode: tighten it.
        try:
            _change_mode(lambda: os.fchmod(descriptor, PRIVATE_FILE), path)
        except OSError:
            os.close(descriptor)
            raise
    return descriptor


def _change_mode(change: Callable[[], None], path: Path) -> None:
    """Make path private; a mode this account may not change here is said, not fatal."""
    try:
        change()
    except OSError as error:
        if error.errno not in UNCHANGEABLE:
            raise
        _said("%s stays readable by others: %s", path, error.strerror)


def _said(message: str, path: Path, *details: object) -> None:
    """A line in the log; logging is loaded only then (``sync.logging_later``)."""
    from sync.logging_later import logger  # noqa: PLC0415 - most runs log nothing here

    logger(__name__).warning(message, path, *details)


def write_private_text(path: Path, text: str) -> None:
    """Replace the file's text; the file is 0600 from its first byte."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    with os.fdopen(open_private(path, flags), "w", encoding="utf-8") as handle:
        handle.write(text)


def make_private_file(path: Path) -> None:
    """Tighten one file FieldDesk did not create itself (SQLite's database)."""
    if POSIX:
        _tighten(path, PRIVATE_FILE)


def make_private(root: Path) -> None:
    """Tighten the profile: every folder 0700, every file 0600 (symlinks are not followed)."""
    if not POSIX or not root.is_dir():
        return
    _tighten(root, PRIVATE_DIR)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            _tighten(Path(folder) / name, PRIVATE_DIR)
        for name in files:
            _tighten(Path(folder) / name, PRIVATE_FILE)


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == mode:
            return
        os.chmod(path, mode)
    except OSError:
        return  # gone meanwhile (a rotated log), or not ours: nothing to tighten


def on_read_only_disk(path: Path) -> bool:
    """Whether path is on a file system mounted read-only (False when it cannot be told)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # not there; Windows has no statvfs
        return False


def read_only_words(root: Path) -> str:
    """A profile on a read-only disk, in one line."""
    return (
        f"the profile {root} is on a read-only disk, and FieldDesk cannot open its data "
        "there: its database writes beside itself even to be read. Make the disk writable "
        "(or copy the profile to a disk that is) and try again"
    )


def os_error_words(error: OSError) -> str:
    """A file or disk failure in one line a technician can act on: the store's words for
    a full disk (``DiskFull``), the window's for a file FieldDesk may not use."""
    name = error.filename or "a file"
    if error.errno == errno.ENOSPC:
        from sync.store.health import DISK_FULL  # noqa: PLC0415 - the store, only then

        return DISK_FULL
    if error.errno == errno.EROFS:
        return f"{name} is on a read-only disk: make it writable, then try again"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"FieldDesk may not read or write {name}: {error.strerror}"
    if error.filename:
        return f"{error.filename}: {error.strerror}"
    return error.strerror or str(error)
