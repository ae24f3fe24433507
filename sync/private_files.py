"""A profile's files are its technician's alone: folders 0700, files 0600 on POSIX.

The profile holds customers' names, addresses, conversations and photos; other
local accounts must not read them.  Modes are set explicitly (not left to the
umask): folders are made private when created, files FieldDesk writes itself
are created 0600, and ``make_private`` tightens a whole profile at start and
after each sync (what SQLite or an older FieldDesk created with the umask's
mode).  Windows profiles live under the user's own AppData, which its ACLs
already keep private: nothing is changed there.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = sys.platform != "win32"


def private_dir(path: Path) -> Path:
    """Create the folder (and missing parents inside it) readable by this user only."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if POSIX:
        os.chmod(path, PRIVATE_DIR)
    return path


def open_private(path: Path, flags: int) -> int:
    """os.open for a file FieldDesk creates: 0600 whatever the umask."""
    descriptor = os.open(path, flags, PRIVATE_FILE)
    if POSIX:
        os.fchmod(descriptor, PRIVATE_FILE)  # an existing file keeps its mode: tighten it
    return descriptor


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
