"""Opening the replica: pragmas, migrations and transactions.

The replica is opened, checked and migrated on a plain ``sqlite3`` connection
(``open_connection``); ``open_database`` wraps it in the ``sqlite_utils.Database``
the store's writers take.  A command that only reads (``fielddesk visits``) uses
the connection as it is and starts without sqlite-utils' own imports (dateutil,
click, pluggy and the package metadata: ~45 ms).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sync.store import cipher
from sync.store.driver import sqlite3
from sync.store.health import (
    DISK_FULL,
    ENCRYPTED_PAGE_SIZE,
    check_problem,
    clear_suspect,
    disk_full,
    header_problem,
    is_suspect,
    kind_of,
    mark_suspect,
)
from sync.store.reader import Reader
from sync.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import sqlite_utils


ENCRYPTED_CACHE_KIB = 65536  # per connection (SQLite's default: 2000)
WAL_HEADER, WAL_FRAME_HEADER = 32, 24  # bytes, in SQLite's WAL file format


class StoreError(RuntimeError):
    """The local database cannot be used (corrupt, newer version, disk full)."""


class DiskFull(StoreError):
    """A write did not fit on the disk; the transaction was rolled back."""

    def __init__(self) -> None:
        super().__init__(DISK_FULL)


class ReplicaDamaged(StoreError):
    """The replica file is damaged (or emptied): it needs a salvage (``sync.replica``)."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"the local database {path} is damaged: {problem}")
        self.path = path
        self.problem = problem


class UpdateDue(Exception):
    """The replica was left by an earlier FieldDesk and needs this one's update (its
    schema, its encryption) before it can be used; raised by ``open_connection(update=
    False)``, whose caller runs the update itself: the window, behind a progress window,
    since the update of a large KB can take seconds."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"the local database {path} is to be updated for this FieldDesk")
        self.path = path


def store_error(path: Path | None, error: sqlite3.Error) -> StoreError:
    """The StoreError a failed statement on the replica means, in plain words."""
    kind = kind_of(error)
    if kind == "damaged" and path is not None and _journal_removed(path):
        kind = "io"  # the -wal's pages are gone, so they cannot be decrypted: not damage
    if kind == "full":
        return DiskFull()
    if kind == "damaged" and path is not None:
        return ReplicaDamaged(path, f"SQLite says '{error}'")
    if kind == "io":
        return _unreadable(path, error)
    if kind == "busy":
        return StoreError(
            "another FieldDesk window or command is writing to this profile's database: "
            "wait for it to finish (or close it), then try again; nothing was changed"
        )
    return StoreError(f"the local database {path} cannot be opened: {error}")


def _unreadable(path: Path | None, error: object) -> StoreError:
    return StoreError(
        f"the local database {path} could not be read ({error}). If FieldDesk is open "
        f"elsewhere on this profile, its journal file ({_name(path)}-wal) may have been "
        "removed: let that FieldDesk finish, close it, then try again"
    )


def _journal_removed(path: Path) -> bool:
    """Whether the WAL index (-shm) counts frames its -wal no longer holds (it was removed)."""
    try:
        index = path.with_name(path.name + "-shm").read_bytes()[:48]
        wal = path.with_name(path.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
    except OSError:
        return False
    if len(index) < 48:
        return False
    frames = int.from_bytes(index[16:20], sys.byteorder)  # mxFrame, in the host's byte order
    return frames > 0 and wal_size < WAL_HEADER + frames * (WAL_FRAME_HEADER + ENCRYPTED_PAGE_SIZE)


def _name(path: Path | None) -> str:
    return path.name if path is not None else "the database"


def open_database(path: Path | None) -> sqlite_utils.Database:
    """Open (creating or upgrading) the replica at path; None = in memory.

    Raises ReplicaDamaged or DiskFull as ``open_connection`` does.
    """
    return as_database(open_connection(path))


def as_database(connection: sqlite3.Connection) -> sqlite_utils.Database:
    """The sqlite_utils.Database the store's writers take, over an opened replica.

    sqlite-utils is imported only here (see the module docstring).  Its plugins are
    not run: FieldDesk uses none, a sqlite-utils plugin installed on the laptop
    has no business with the replica, and looking for them scans every installed
    package's metadata (50-75 ms at each start of the window or a command).
    """
    import sqlite_utils  # noqa: PLC0415

    return sqlite_utils.Database(connection, execute_plugins=False)


def open_connection(path: Path | None, *, update: bool = True) -> sqlite3.Connection:
    """Open (creating or upgrading) the replica at path as a plain connection.

    update=False: a replica an earlier FieldDesk left raises UpdateDue instead of
    being updated here (a new replica is still created).

    The file is encrypted with the profile's key from the OS keyring (created
    with a new replica; a plaintext replica from before is encrypted here).
    Raises KeyMissing (``sync.profile_key``) when the keyring lost the key of an
    encrypted replica, ReplicaDamaged when the file fails its checks
    (``sync.store.health``), DiskFull when it must be written to (a migration)
    and cannot be.
    """
    if path is None:
        return _open(None, None, exclusive=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        cipher.wait_for_rewrite(path)
    except OSError as error:
        raise StoreError(f"the local database {path} cannot be opened: {error}") from None
    problem = header_problem(path)
    if problem:
        raise ReplicaDamaged(path, problem)
    key = cipher.key_for(path)
    if key is not None and cipher.is_plaintext(path):
        if not update:
            raise UpdateDue(path)
        _encrypt(path, key)
    # A full disk cannot hold a new WAL index (<db>-shm): keep it in memory
    # instead (exclusive locking), so reading still works; writes then fail
    # with "the disk is full" and roll back.
    no_index = not path.with_name(path.name + "-shm").exists()
    if not (no_index and disk_full(path)):
        try:
            return _open_upgrading(path, key, update)
        except StoreError:
            if not disk_full(path):
                raise
    try:
        return _open(path, key, exclusive=True, wait_s=1.0, update=update)
    except StoreError:
        # Another connection holds the in-memory index (only one can): this one
        # would only be needed to write, and the disk is full.
        raise DiskFull() from None


def _encrypt(path: Path, key: bytes) -> None:
    """A replica from before encryption, encrypted in place."""

    def encrypt(path: Path, key: bytes) -> None:
        if cipher.is_plaintext(path):  # not done meanwhile by another FieldDesk
            cipher.encrypt_in_place(path, key)

    _rewrite(path, key, encrypt, "encrypted")


def _rewrite(path: Path, key: bytes, rewrite: Callable[[Path, bytes], None], done: str) -> None:
    """The replica file rewritten in place (crash-safe: ``sync.store.cipher``), failures said.

    One FieldDesk at a time (``cipher.rewriting``): rewrite checks whether it is still
    needed, since another one starting at the same moment may have done it meanwhile."""
    try:
        with cipher.rewriting(path):
            try:
                rewrite(path, key)
            except (sqlite3.DatabaseError, OSError):
                cipher.discard_leftover(path)
                raise
    except sqlite3.DatabaseError as error:
        raise store_error(path, error) from None
    except OSError as error:
        raise StoreError(f"the local database {path} could not be {done}: {error}") from None


def _open_upgrading(path: Path, key: bytes | None, update: bool) -> sqlite3.Connection:
    """_open, after rewriting a replica an earlier release encrypted (``cipher.PAGE_FORMAT``).

    Found when the open fails, so a replica of this release pays nothing to be checked.
    """
    try:
        return _open(path, key, exclusive=False, update=update)
    except ReplicaDamaged as damaged:
        if key is None or damaged.problem != UNDECRYPTABLE:
            raise
        undecryptable = damaged
    if not update:
        # Damage goes straight to the repair's offer, not through an update's progress
        # window first; the update checks the format again, holding the rewrite's lock.
        if cipher.format_of(path, key) is None:
            raise undecryptable
        raise UpdateDue(path)

    def upgrade(path: Path, key: bytes) -> None:
        written_in = cipher.format_of(path, key)
        if written_in is None:
            raise undecryptable
        if written_in != cipher.PAGE_FORMAT:  # else rewritten meanwhile by another FieldDesk
            cipher.upgrade_in_place(path, key, written_in)

    _rewrite(path, key, upgrade, "rewritten")
    return _open(path, key, exclusive=False, update=update)


def _open(
    path: Path | None,
    key: bytes | None,
    *,
    exclusive: bool,
    wait_s: float = 10.0,
    update: bool = True,
) -> sqlite3.Connection:
    # Autocommit mode: transactions are explicit (see transaction()).
    connection = cipher.connect(
        ":memory:" if path is None else path, key, isolation_level=None, timeout=wait_s
    )
    try:
        db = connection
        if exclusive:
            db.execute("PRAGMA locking_mode = EXCLUSIVE")
        # WAL: readers (the GUI) never block the writer (sync).  FULL: a
        # commit is fsynced before it returns, so "saved" survives power loss
        # (NORMAL would only protect against application crashes).  The
        # journal mode is kept in the file: set only when it is not WAL yet,
        # so opening writes nothing (a full disk still reads).
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        if key is not None:
            # A page read from the OS cache is decrypted and checked again each time:
            # keep the pages a session reads (a visit's history, the KB index) decrypted
            # in SQLite's own cache.  An upper bound, allocated as pages are read.
            db.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
        if not update and 0 < schema_version(db) < SCHEMA_VERSION:  # 0: a new replica
            raise UpdateDue(path or Path(":memory:"))
        _migrate(db)
        if path is not None:
            _check(db, path)
        return db
    except sqlite3.DatabaseError as error:
        connection.close()
        if key is not None and path is not None and _undecryptable(error):
            raise ReplicaDamaged(path, UNDECRYPTABLE) from None
        raise store_error(path, error) from None
    except (StoreError, UpdateDue):
        connection.close()
        raise


UNDECRYPTABLE = (
    "it cannot be decrypted with this profile's key (its first bytes were overwritten, "
    "or it was encrypted with another key)"
)


def _undecryptable(error: sqlite3.DatabaseError) -> bool:
    # SQLCipher answers "not a database" when page 1 does not decrypt.
    return getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB"


def _check(db: Reader, path: Path) -> None:
    full = is_suspect(path)
    problem = check_problem(db, full=full)
    if problem and _journal_removed(path):
        raise _unreadable(path, "a page of its journal is missing")
    if problem:
        raise ReplicaDamaged(path, problem)
    if full:
        clear_suspect(path)  # a full check found nothing: back to the cheap one


def database_file(db: Reader) -> Path | None:
    """The file db was opened on (None in memory): for a second connection in a worker."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def schema_version(db: Reader) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> None:
    _migrate(db.conn, target)


def _migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"the local database is from a newer FieldDesk (schema {current}); update FieldDesk"
        )
    for version in range(current, target):
        with _transaction(conn):
            _apply(conn, MIGRATIONS[version])
            if (step := _AFTER_MIGRATION.get(version + 1)) is not None:
                step(conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")


def fill_search_forms(conn: sqlite3.Connection) -> None:
    """The search forms (``kb_forms``) of the articles here: migration 19's step, and the
    salvage's for drafts carried out of a replica from before it.  Only articles with
    words outside ASCII have any, and only those are indexed again."""
    from sync.store.kb_forms import search_forms  # noqa: PLC0415 - this upgrade alone

    rows = conn.execute("SELECT id, name, summary, content_text FROM articles")
    forms = [
        (*found, article_id)
        for article_id, name, summary, text in rows
        if any(found := (search_forms(name), search_forms(summary, text)))
    ]
    conn.executemany("UPDATE articles SET name_forms = ?, text_forms = ? WHERE id = ?", forms)


# Python steps of a migration, by the version it makes: run after its SQL, in its transaction.
MigrationStep = Callable[[sqlite3.Connection], None]
_AFTER_MIGRATION: dict[int, MigrationStep] = {19: fill_search_forms}


def _apply(db: Reader, script: str) -> None:
    # executescript would COMMIT our transaction; run statements one by one.
    for statement in _statements(script):
        db.execute(statement)


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement:
                yield statement


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One atomic, durable write: BEGIN IMMEDIATE ... COMMIT (or ROLLBACK).

    A write the disk cannot take (full, damaged, unreadable) is rolled back
    and raised as the StoreError that says so; what was saved before stays.
    """
    with _transaction(db.conn):
        yield


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    if conn.in_transaction:  # nested: join the outer transaction
        yield
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            _roll_back(conn)
            raise
        conn.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        if kind_of(error) == "other":
            raise
        _roll_back(conn)
        path = database_file(conn)
        if kind_of(error) == "damaged":
            mark_suspect(path, str(error))
        raise store_error(path, error) from None


def _roll_back(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back (SQLITE_FULL does): nothing left to undo.
    if conn.in_transaction:
        conn.execute("ROLLBACK")
