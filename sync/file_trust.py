"""Whether a settings file can only have been written by an administrator or this user.

The deployed ``fielddesk.ini`` decides which server the laptop sends its
password to and which certificate authority it trusts: a copy that another
local user could have changed must not be believed.  On POSIX systems the file
and every folder above it must belong to root or to this user and be writable
by no one else (a world-writable folder is fine only with the sticky bit, as
``/tmp``).  On Windows the folder's ACL is IT's to set (docs/release.md).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def writable_by_others(path: Path) -> str | None:
    """Why someone other than an administrator or this user could change path, or None."""
    if os.name != "posix":
        return None
    me, my_group = os.getuid(), os.getgid()
    target = path.resolve()
    for place in (target, *target.parents):
        info = place.stat()
        mode = info.st_mode
        if info.st_uid not in (0, me):
            return f"{place} belongs to another user"
        if mode & stat.S_IWOTH and not (stat.S_ISDIR(mode) and mode & stat.S_ISVTX):
            return f"every user of this computer can change {place}"
        if mode & stat.S_IWGRP and info.st_gid not in (0, my_group):
            return f"the members of group {info.st_gid} can change {place}"
    return None
