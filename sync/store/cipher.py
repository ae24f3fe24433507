"""The replica encrypted at rest: SQLCipher 4 with the profile's raw 256-bit key.

The key is random per profile and lives in the OS keyring (``sync.profile_key``);
it is given to SQLCipher as a raw key, so opening derives nothing (no PBKDF2:
a random key needs no stretching) and costs what a plaintext open costs.

A profile from before encryption holds a plaintext file: ``encrypt_in_place``
turns it into an encrypted one, crash-safe.  The copy is written beside the
file (``<db>.encrypting``), fsynced, and renamed over it in one step; a kill
before the rename leaves the plaintext file as it was (the half-written copy is
discarded at the next start), a kill after it leaves the encrypted one.

The page format (``PAGE_FORMAT``) is not SQLCipher 4's default, for the
durable note save, whose cost is the pages it writes (about a dozen: the rows
and their indexes) and the fsync of the journal holding them:

- pages are checked with HMAC-SHA256 instead of HMAC-SHA512: SHA-256 runs on
  the processor's SHA instructions (x86 SHA-NI, ARMv8), so each page written
  costs less (measured: about a third of what the encryption added to a save),
  and it is as sound a check of a page;
- pages are 2 KiB instead of 4 KiB: a save rewrites the same dozen pages
  whatever their size, so half the bytes are encrypted, checked, written and
  fsynced (measured: the save 1.04-1.14x plaintext instead of 1.20-1.33x;
  docs/performance.md).  Reads decrypt the same bytes in twice the pages.

A replica an earlier FieldDesk encrypted in an earlier format
(``EARLIER_FORMATS``) is rewritten in this one at its first open
(``upgrade_in_place``, the same crash-safe copy).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, NamedTuple

from sync.store.driver import sqlite3
from sync.store.health import HEADER

IsolationLevel = Literal["DEFERRED", "EXCLUSIVE", "IMMEDIATE"] | None
# bench/ sets this to measure the same store unencrypted in the same run; nothing in
# the app does, and no setting or variable reaches it.
BENCHMARK_PLAINTEXT_BASELINE = False
# _keyring: sync.profile_key is imported only when a file's key is needed, so a replica in
# memory and the benchmarks' plaintext baseline never load it (nor keyring, nor D-Bus).
ENCRYPTING_SUFFIX = ".encrypting"
# Held while the file is rewritten (sync.lock.ProfileLock: released if the process dies).
REWRITE_LOCK_SUFFIX = ".rewrite-lock"
REWRITE_WAIT_S = 120.0  # another FieldDesk's rewrite of a big replica (the KB) takes a while
IN_USE = (
    "FieldDesk is open elsewhere on this profile (perhaps an earlier version): "
    "close it, then try again"
)
# Test hook: the step of encrypt_in_place at which a test kills this process.
CRASH_AT_ENV = "FIELDDESK_TEST_KILL_WHILE_ENCRYPTING"


class PageFormat(NamedTuple):
    """How SQLCipher lays out and checks a page: its size in bytes and its HMAC."""

    size: int
    hmac: str


PAGE_FORMAT = PageFormat(2048, "HMAC_SHA256")
# What earlier releases wrote, newest first: FieldDesk of 2026-12-02 morning, and
# before it the first encrypted replicas (SQLCipher 4's default).
EARLIER_FORMATS = (PageFormat(4096, "HMAC_SHA256"), PageFormat(4096, "HMAC_SHA512"))
FORMATS = (PAGE_FORMAT, *EARLIER_FORMATS)


def connect(
    path: Path | str,
    key: bytes | None,
    *,
    timeout: float = 5.0,
    isolation_level: IsolationLevel = "DEFERRED",
    uri: bool = False,
    check_same_thread: bool = True,
    page_format: PageFormat = PAGE_FORMAT,
) -> sqlite3.Connection:
    """A connection to path, unlocked with key (None: a plaintext file, or in memory)."""
    connection = sqlite3.connect(
        str(path),
        timeout=timeout,
        isolation_level=isolation_level,
        uri=uri,
        check_same_thread=check_same_thread,
    )
    # SQLCipher logs a page that fails its check to stderr; FieldDesk says it in its own words.
    connection.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        _set_format(connection, "main", page_format)
    return connection


def _set_format(connection: sqlite3.Connection, schema: str, page_format: PageFormat) -> None:
    connection.execute(f"PRAGMA {schema}.cipher_page_size = {int(page_format.size)}")
    connection.execute(f"PRAGMA {schema}.cipher_hmac_algorithm = {page_format.hmac}")


def profile_root(path: Path) -> Path:
    """The profile directory whose keyring entry holds the key of the replica at path."""
    return path.parent


def is_plaintext(path: Path) -> bool:
    """Whether the file at path is an unencrypted SQLite database (a profile from before)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(HEADER)) == HEADER
    except FileNotFoundError:
        return False


def is_encrypted(path: Path) -> bool:
    """Whether path holds a database FieldDesk encrypted (not empty, no plaintext header)."""
    try:
        return path.stat().st_size > 0 and not is_plaintext(path)
    except FileNotFoundError:
        return False


def key_for(path: Path) -> bytes | None:
    """The key of the replica at path: KeyMissing when an encrypted file lost its key.

    A new (or empty, or plaintext) replica gets the profile's key, created when
    the keyring has none yet; an existing encrypted one is never given a new key.
    None only while a benchmark measures the plaintext baseline.
    """
    if BENCHMARK_PLAINTEXT_BASELINE:
        return None
    from sync.profile_key import create_key, load_key, require_key  # noqa: PLC0415 - see _keyring

    root = profile_root(path)
    if is_encrypted(path):
        return require_key(root)
    return load_key(root) or create_key(root)


def read_key(path: Path) -> bytes | None:
    """The key to read the file at path with, as it is now (None: plaintext or absent)."""
    if not is_encrypted(path):
        return None
    from sync.profile_key import require_key  # noqa: PLC0415 - see _keyring

    return require_key(profile_root(path))


def connect_file(
    path: Path, *, timeout: float = 5.0, isolation_level: IsolationLevel = "DEFERRED"
) -> sqlite3.Connection:
    """A connection to the replica file at path as it is now, unlocked if it is encrypted."""
    key = read_key(path)
    return connect(
        path,
        key,
        timeout=timeout,
        isolation_level=isolation_level,
        page_format=read_format(path, key),
    )


def library_version() -> str:
    """The encryption library, for reports: "SQLCipher 4.12.0 community"."""
    connection = sqlite3.connect(":memory:")
    try:
        return f"SQLCipher {connection.execute('PRAGMA cipher_version').fetchone()[0]}"
    finally:
        connection.close()


def unlocks(path: Path, key: bytes) -> bool:
    """Whether key decrypts the replica at path, as this release or an earlier one wrote it."""
    return format_of(path, key) is not None


def format_of(path: Path, key: bytes) -> PageFormat | None:
    """The page format the replica at path was encrypted in (None: key opens it in none)."""
    return next((f for f in FORMATS if _unlocks(path, key, f)), None)


def read_format(path: Path, key: bytes | None) -> PageFormat:
    """The format to read the replica at path in: the one it was written in, if the key
    opens it in one (a damaged first page: this release's)."""
    return (format_of(path, key) if key is not None else None) or PAGE_FORMAT


def _unlocks(path: Path, key: bytes, page_format: PageFormat) -> bool:
    """Whether key decrypts the replica at path (read-only: nothing is written)."""
    connection = connect(f"file:{path}?mode=ro", key, uri=True, page_format=page_format)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()
    return True


class InUseElsewhere(OSError):
    """The replica must be rewritten while another program has it open."""


def discard_leftover(path: Path) -> None:
    """Remove a copy a killed encryption left half-written (the original is intact).

    Only while holding ``rewriting(path)``: the copy may be another FieldDesk's, being written."""
    for name in _LEFTOVERS:
        path.with_name(path.name + name).unlink(missing_ok=True)


_LEFTOVERS = (ENCRYPTING_SUFFIX, ENCRYPTING_SUFFIX + "-journal")


def wait_for_rewrite(path: Path) -> None:
    """At an open: wait while another FieldDesk rewrites the file (InUseElsewhere if that
    lasts past REWRITE_WAIT_S), and remove a copy a killed rewrite left.

    Writes nothing unless there is such a copy (a full disk still opens)."""
    lock = _rewrite_lock(path)
    leftover = any(path.with_name(path.name + name).exists() for name in _LEFTOVERS)
    if not (leftover or lock.exists()):
        return
    from sync.lock import ProfileLock, SyncBusy, wait_until_free  # noqa: PLC0415 - see above

    if not wait_until_free(lock, REWRITE_WAIT_S):
        raise InUseElsewhere(IN_USE)
    if leftover:
        with contextlib.suppress(SyncBusy), ProfileLock(lock):
            discard_leftover(path)


@contextlib.contextmanager
def rewriting(path: Path, wait_s: float = REWRITE_WAIT_S) -> Iterator[None]:
    """Held while the replica at path is rewritten, by one FieldDesk at a time.

    Two starting at once (the window and a command, after an update) would each
    delete the other's copy and journal; the second waits here instead, and then
    finds the file rewritten.  InUseElsewhere if the wait runs out."""
    from sync.lock import ProfileLock, SyncBusy  # noqa: PLC0415 - only when rewriting

    try:
        with ProfileLock(_rewrite_lock(path), wait_s=wait_s):
            yield
    except SyncBusy:  # only the lock says it: a rewrite syncs nothing
        raise InUseElsewhere(IN_USE) from None


def _rewrite_lock(path: Path) -> Path:
    return path.with_name(path.name + REWRITE_LOCK_SUFFIX)


def encrypt_in_place(path: Path, key: bytes) -> None:
    """Replace the plaintext replica at path by an encrypted copy, rows and version kept."""
    _copy_in_place(path, None, key)


def upgrade_in_place(path: Path, key: bytes, written_in: PageFormat) -> None:
    """Rewrite a replica an earlier release encrypted (in written_in) as this one does."""
    _copy_in_place(path, key, key, source_format=written_in)


def _copy_in_place(
    path: Path, source_key: bytes | None, key: bytes, *, source_format: PageFormat = PAGE_FORMAT
) -> None:
    """Replace the replica at path by a copy encrypted with key in PAGE_FORMAT.

    The caller holds ``rewriting(path)``.  The source is opened in exclusive
    locking mode, so no other program reads or writes the file from the
    checkpoint to the rename (one that has it open makes this InUseElsewhere):
    a change written meanwhile would be left in the old file."""
    discard_leftover(path)
    target = path.with_name(path.name + ENCRYPTING_SUFFIX)
    # A short wait for its locks: whoever holds the file is a program left open, not a
    # moment's reader (another FieldDesk of this release waits on the rewrite lock).
    source = connect(path, source_key, isolation_level=None, timeout=1.0, page_format=source_format)
    try:
        source.execute("PRAGMA locking_mode = EXCLUSIVE")  # locks once taken are kept
        # Everything the -wal holds goes into the file first: the copy reads the
        # file, and the old file's -wal must not outlive it (see below).
        if _unless_in_use(source, "PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]:
            raise InUseElsewhere(IN_USE)
        version = source.execute("PRAGMA user_version").fetchone()[0]
        source.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(target), ""])
        source.execute(f"PRAGMA encrypted.key = \"x'{key.hex()}'\"")
        _set_format(source, "encrypted", PAGE_FORMAT)
        _unless_in_use(source, "BEGIN EXCLUSIVE")  # no other reader or writer from here
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        source.execute("COMMIT")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()  # the last connection: SQLite removes the empty -wal and -shm
    _crash_point("copied")
    _fsync(target)
    _crash_point("synced")
    # A -wal left beside the file belongs to the old database: replayed into
    # the new one it would damage it.  It is empty after the checkpoint.
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(target, path)
    _fsync_directory(path.parent)
    _crash_point("renamed")


def _unless_in_use(connection: sqlite3.Connection, statement: str) -> sqlite3.Cursor:
    """statement, whose locks another program holding the file makes InUseElsewhere."""
    try:
        return connection.execute(statement)
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise InUseElsewhere(IN_USE) from None
        raise


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows commits a rename with the file system's own journal
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _crash_point(step: str) -> None:
    if os.environ.get(CRASH_AT_ENV) == step:
        import signal  # noqa: PLC0415 - a test's hook: opening a replica does not need it

        with contextlib.suppress(AttributeError):
            os.kill(os.getpid(), signal.SIGKILL)
