"""Decrypted copies of stored files, made so another program can open them.

A viewer cannot read the profile's sealed files, so opening one writes a
plaintext copy into a private folder: one per process (0700), under the
platform's runtime folder (Linux: ``$XDG_RUNTIME_DIR``, memory only, the
user's alone) or its per-user temporary folder.  The folder goes when the
app exits; a folder whose process died (a crash, a kill) is removed at the
next start: each holds a lock file its process keeps locked while it lives.

A window stays open for days: a file opened again reuses its copy, a copy goes an
hour after it was last opened, and at once when its stored file goes (the visit
left the laptop: ``retention.remove_visit_files`` sweeps).  A copy a viewer still
holds open where that forbids deleting (Windows) is tried again at the next sweep.
"""

from __future__ import annotations

import atexit
import getpass
import logging
import os
import shutil
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path

from sync.lock import ProfileLock, SyncBusy

log = logging.getLogger(__name__)

LOCK_NAME = "in-use.lock"
COPY_LIFETIME_S = 3600.0  # after its last opening: time to read it, not to keep it


def copies_home() -> Path:
    """The user's folder of per-process copy folders, private to them."""
    runtime = os.environ.get("XDG_RUNTIME_DIR") if sys.platform.startswith("linux") else None
    base = Path(runtime) if runtime and Path(runtime).is_dir() else Path(tempfile.gettempdir())
    home = base / f"fielddesk-open-{_user_tag()}"
    try:
        home.mkdir(mode=0o700, exist_ok=True)
        info = home.lstat()
    except OSError:  # a file of that name, or a folder we may not enter
        return Path(tempfile.mkdtemp(prefix="fielddesk-open-"))
    mine = os.name == "nt" or info.st_uid == os.getuid()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or not mine:
        # Someone else made this name first: never write our copies into their folder.
        return Path(tempfile.mkdtemp(prefix="fielddesk-open-"))
    if os.name != "nt" and stat.S_IMODE(info.st_mode) != 0o700:
        home.chmod(0o700)
    return home


def _user_tag() -> str:
    try:
        return "".join(c for c in getpass.getuser() if c.isalnum()) or "user"
    except (OSError, KeyError):  # no name for this uid (a container)
        return str(os.getuid()) if os.name != "nt" else "user"


def _removed(copy: Path) -> bool:
    """Remove a copy's folder; False if it is open in a viewer that forbids it (Windows)."""
    try:
        shutil.rmtree(copy.parent)
    except FileNotFoundError:
        pass
    except OSError:
        return False
    return True


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


class _Copy:
    """A copy made, with both files' size and time then (a plain class: this module is
    imported at start, before the first paint, which dataclasses would slow)."""

    def __init__(
        self,
        path: Path,
        opened: float,  # monotonic: when it was last handed to a viewer
        stored_stamp: tuple[int, int] | None,
        copy_stamp: tuple[int, int] | None,
    ) -> None:
        self.path, self.opened = path, opened
        self.stored_stamp, self.copy_stamp = stored_stamp, copy_stamp

    def still_as_made(self, stored: Path) -> bool:
        """Neither file changed since: a stored file changed on disk is read (and
        checked) again, and a copy a viewer saved over is not handed out as the file."""
        return _stamp(stored) == self.stored_stamp and _stamp(self.path) == self.copy_stamp


class OpenCopies:
    """This process's folder of decrypted copies (made on first use)."""

    def __init__(self, home: Path | None = None) -> None:
        self._home = home
        self._folder: Path | None = None
        self._lock: ProfileLock | None = None
        self._count = 0
        self._guard = threading.Lock()
        self._made: dict[Path, _Copy] = {}  # by the stored file it was made from
        self._stale: list[Path] = []  # copies replaced by a newer one

    def folder(self) -> Path:
        with self._guard:
            if self._folder is None:
                home = self._home or copies_home()
                folder = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=home))  # 0700
                self._lock = ProfileLock(folder / LOCK_NAME).__enter__()
                self._folder = folder
            return self._folder

    def copy_of(self, stored: Path, name: str) -> Path:
        """A plaintext copy of a stored file, named ``name`` (its own subfolder: two files
        of one name never collide); nothing is left if it cannot be decrypted."""
        folder = self.folder()
        self.sweep()
        with self._guard:
            made = self._made.get(stored)
            if made is not None and made.path.name == name and made.still_as_made(stored):
                made.opened = time.monotonic()
                return made.path
            self._count += 1
            place = folder / str(self._count)
        place.mkdir(mode=0o700)
        # Imported at the first copy: the files' encryption is not needed to start the window.
        from sync import file_vault  # noqa: PLC0415

        copy = file_vault.export_plain(stored, place / name, durable=False, name=name)  # throw-away
        with self._guard:
            replaced = self._made.get(stored)
            self._made[stored] = _Copy(copy, time.monotonic(), _stamp(stored), _stamp(copy))
            if replaced is not None:  # out of date: goes at the next sweep, whatever its age
                self._stale.append(replaced.path)
        return copy

    def sweep(self, lifetime_s: float = COPY_LIFETIME_S) -> int:
        """Remove the copies opened longer than ``lifetime_s`` ago and those whose
        stored file is gone; returns how many went."""
        now = time.monotonic()
        with self._guard:
            done = [
                (stored, made.path)
                for stored, made in self._made.items()
                if now - made.opened > lifetime_s or not stored.exists()
            ]
            stale, self._stale = self._stale, []
        removed = 0
        for stored, copy in done:
            if _removed(copy):
                with self._guard:
                    self._made.pop(stored, None)
                removed += 1
        for copy in stale:
            if _removed(copy):
                removed += 1
            else:
                with self._guard:
                    self._stale.append(copy)
        return removed

    def remove(self) -> None:
        """Remove every copy (the app exits, the offline lock engages); a later
        opening makes a new folder."""
        with self._guard:
            folder, lock = self._folder, self._lock
            self._folder = self._lock = None
            self._made.clear()
            self._stale.clear()  # they were in the folder
        if lock is not None:
            lock.__exit__(None, None, None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(home: Path | None = None) -> int:
    """Remove the copy folders of processes that ended without cleaning up (a crash)."""
    home = home or copies_home()
    removed = 0
    for folder in home.iterdir():
        if not folder.is_dir() or _being_made(folder):
            continue
        try:
            with ProfileLock(folder / LOCK_NAME):
                pass
        except SyncBusy:
            continue  # its FieldDesk is still running
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    if removed:
        log.info("removed %d folder(s) of opened files left by an earlier run", removed)
    return removed


def _being_made(folder: Path) -> bool:
    """A folder another FieldDesk made this instant and has not locked yet."""
    try:
        return not (folder / LOCK_NAME).exists() and time.time() - folder.stat().st_mtime < 60
    except OSError:
        return True


_process_copies = OpenCopies()
atexit.register(_process_copies.remove)


def process_copies() -> OpenCopies:
    """The copies of this process, removed when it exits."""
    return _process_copies
