"""Is the replica file sound?  Cheap checks at every open, a full one when suspected.

Every open checks the file's header against its size (a truncated, emptied or
overwritten file) and runs ``quick_check`` on the small tables that hold what
exists nowhere else -- the outbox, settings and cursors (~1 ms).  A full
``quick_check`` reads every page (70 ms cold for a 510-visit replica, more for a
big KB), so it runs only when a query has failed with a sign of damage: that
failure leaves a ``<db>.suspect`` mark beside the file, and the next open
checks everything and removes the mark if all is well.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sync.store.driver import sqlite3
from sync.store.reader import Reader

HEADER = b"SQLite format 3\x00"
# The smallest page FieldDesk encrypts with (sync.store.cipher's formats are 2 and 4 KiB):
# an encrypted file is a whole number of them.
ENCRYPTED_PAGE_SIZE = 2048
PRECIOUS_TABLES = ("outbox", "settings", "cursors")
# SQLCipher's only answer when a page fails its HMAC (a torn or overwritten page): the
# generic SQLITE_ERROR text, which a statement that is merely wrong never carries.
ENCRYPTED_PAGE_UNREADABLE = "sql logic error"
DISK_FULL_BYTES = 1024 * 1024  # below this much free space a write cannot be trusted to fit

DISK_FULL = "the disk is full — nothing was lost, free some space and try again"


def suspect_mark(path: Path) -> Path:
    return path.with_name(path.name + ".suspect")


def mark_suspect(path: Path | None, why: str) -> None:
    """Ask the next open for a full check (best effort: the disk may be the problem)."""
    if path is None:
        return
    with contextlib.suppress(OSError):
        suspect_mark(path).write_text(why + "\n", encoding="utf-8")


def clear_suspect(path: Path) -> None:
    suspect_mark(path).unlink(missing_ok=True)


def is_suspect(path: Path) -> bool:
    return suspect_mark(path).exists()


def header_problem(path: Path) -> str | None:
    """What is wrong with the file as a whole, in plain words (None: it looks like a replica)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        return None
    if size == 0:
        return None  # new, or emptied: only the profile knows (sync.replica)
    if not header.startswith(HEADER):
        # Encrypted: the header is unreadable without the key (a wrong first page
        # shows when the open cannot decrypt it), but the size must be whole pages.
        if size % ENCRYPTED_PAGE_SIZE:
            return (
                "it is not a FieldDesk database any more, or it was cut short "
                f"({size} bytes is no whole number of {ENCRYPTED_PAGE_SIZE}-byte pages)"
            )
        return None
    if len(header) < 100:
        return "it is not a FieldDesk database any more (its first bytes were overwritten)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    if counter_valid and pages * page_size > size:
        return f"it is cut short ({size} of {pages * page_size} bytes)"
    return None


def check_problem(db: Reader, *, full: bool) -> str | None:
    """quick_check of the precious tables, or of everything when full; None when sound."""
    statements = (
        ["PRAGMA quick_check(20)"]
        if full
        else [f"PRAGMA quick_check({table})" for table in PRECIOUS_TABLES]
    )
    for statement in statements:
        try:
            found = [
                line
                for row in db.execute(statement)
                for line in str(row[0]).splitlines()
                if not line.startswith("***")  # "*** in database main ***": a heading
            ]
        except sqlite3.DatabaseError as error:
            if kind_of(error) != "damaged":
                raise
            # An encrypted page that fails its check stops the check itself.
            return f"some of its pages cannot be read (SQLite's check: '{error}')"
        if found != ["ok"]:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            return f"some of its pages cannot be read (SQLite's check: '{found[0]}'{more})"
    return None


def kind_of(error: sqlite3.Error) -> str:
    """'full', 'damaged', 'io', 'busy' or 'other': what a failed statement says about
    the file ('busy': another process held its write lock past the wait)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "full"
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text:
        return "damaged"
    if "not a database" in text:
        return "damaged"
    if text == ENCRYPTED_PAGE_UNREADABLE:
        return "damaged"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return "busy"
    return "other"


def disk_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        return _free_bytes(path.parent) < DISK_FULL_BYTES
    except OSError:
        return False


def _free_bytes(folder: Path) -> int:
    if hasattr(os, "statvfs"):  # POSIX: what shutil.disk_usage reads, without loading shutil
        found = os.statvfs(folder)
        return found.f_bavail * found.f_frsize
    import shutil  # noqa: PLC0415 - ~3 ms of a cold start: Windows only

    return shutil.disk_usage(folder).free
