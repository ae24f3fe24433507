"""Salvage a damaged replica: keep the file aside, carry what exists only here into a new one.

What exists only on this laptop is the unsent part: open outbox rows (with
their uuids -- the exactly-once key -- and states: an ``in_flight`` row stays
in flight so its kind looks it up on the helpdesk before sending), the local
edits they made visible (the ticket rows they change, notes and files made
here, open conflicts), settings and user details.  Everything else came from
the helpdesk and comes back with the next sync: the cursors are not carried,
and carried tickets lose their ``last_updated`` and ``last_txn`` so the pull
fetches them whole.

Python's sqlite3 has no ``.recover``, and the ``sqlite3`` tool may not be on
the laptop, so rows are read through SQLite itself, working around unreadable
pages: a whole-table read first; if that fails, the rowids from the table's
indexes (other pages) and each row by itself; if the indexes fail too, rowid
ranges, halved around the unreadable parts.  The ``-wal`` is kept with the
file, so SQLite reads the newest version of every page it holds.  When a torn
page holds part of the schema, SQLCipher reads nothing at all: the file is then
decrypted in memory page by page and read around that page
(``sync.store.salvage_decrypted``).

What could not be read is said, never taken for nothing: an outbox that could
not be read is "could not be recovered", with what to enter again -- the work
since the last complete sync -- and never "no unsent changes were found".
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.last_sync import LAST_SYNC_LAPTOP_SETTING, LAST_SYNC_SETTING
from sync.private_files import private_dir
from sync.stamps import parse_stamp
from sync.store import cipher
from sync.store.database import StoreError, fill_search_forms, open_database, transaction
from sync.store.driver import sqlite3
from sync.words import plural

if TYPE_CHECKING:
    from sync.store.salvage_decrypted import DecryptedCopy

Row = dict[str, Any]
SIDE_FILES = ("-wal",)  # kept aside with the file; -shm is only an index of the -wal
RANGE_BUDGET = 4000  # failed range reads before giving up on a table's unreadable part
DEFAULT_MAX_ROWID = 1 << 24


@dataclass
class Salvaged:
    aside: Path  # where the damaged files are kept for support
    unsent: int = 0  # open outbox rows carried into the new replica
    lost: list[str] = field(default_factory=list)  # what could not be read, in plain words
    unsent_unreadable: bool = False  # the outbox could not be read at all
    outbox_incomplete: bool = False  # some of its rows could not be read
    last_sync: datetime | None = None  # the last complete sync, as the old file said

    def summary(self) -> str:
        recovered = f"{plural(self.unsent, 'unsent change', 'unsent changes')} recovered"
        if self.unsent_unreadable:
            kept = f"the unsent changes could not be recovered: enter again {self._since()}"
        elif self.outbox_incomplete:
            kept = f"{recovered}, but not all: check the outbox against {self._since()}"
        else:
            kept = recovered if self.unsent else "no unsent changes were found"
        lost = f"; could not be read: {', '.join(self.lost)}" if self.lost else ""
        return f"{kept}{lost}; the damaged file is kept for support in {self.aside}"

    def _since(self) -> str:
        when = self.last_sync.astimezone().strftime("%Y-%m-%d %H:%M") if self.last_sync else None
        last = f"the last complete sync ({when})" if when else "your last complete sync"
        return f"the work done on this laptop since {last}"


@dataclass(frozen=True)
class _Table:
    name: str
    sql_filter: str  # narrows the whole-table read
    keep: Callable[[Row, set[str], set[int]], bool]  # row, open uuids, open ticket refs
    reset: tuple[tuple[str, Any], ...] = ()  # columns set afresh so the next pull refetches


_CARRIED = (
    _Table("settings", "1", lambda r, u, t: True),
    _Table("users", "1", lambda r, u, t: True),
    _Table(
        "tickets",
        "1",
        lambda r, u, t: r["id"] in t or r["id"] < 0,
        (("last_updated", None), ("last_txn", 0)),
    ),
    _Table("history", "client_uuid IS NOT NULL", lambda r, u, t: r["client_uuid"] in u),
    _Table("attachments", "client_uuid IS NOT NULL", lambda r, u, t: r["client_uuid"] in u),
    _Table("articles", "id < 0", lambda r, u, t: r["id"] < 0),  # drafts written here
    _Table("conflicts", "resolved IS NULL", lambda r, u, t: r["resolved"] is None),
)


def salvage(path: Path, aside: Path) -> Salvaged:
    """Move the replica at path (and its -wal) into aside; make a new one with what is unsent.

    Raises InUse when another program still has the replica open: what it
    wrote after the move would land in the file set aside.
    """
    if _in_use(path):
        raise InUse(
            "FieldDesk is still open on this profile elsewhere (a window or a command): "
            "close it, then try again; the damaged database is repaired then"
        )
    key = cipher.read_key(path)  # the key stays the profile's: it is looked up by directory
    private_dir(aside)  # the damaged copy holds the customers' data too
    old = aside / path.name
    # Copied, not moved: until the new replica replaces it in one rename, the
    # damaged file stays where a second try would find it.
    for suffix in ("", *SIDE_FILES):
        source = path.with_name(path.name + suffix)
        if source.exists():
            shutil.copy2(source, old.with_name(old.name + suffix))
    result = Salvaged(aside)
    carried = _read_old(old, key, result)
    building = path.with_name(path.name + ".salvaged")
    _remove_with_side_files(building)
    fresh = open_database(building)
    try:
        with transaction(fresh):
            for table, rows in carried.items():
                _insert(fresh, table, rows)
            if any("name_forms" not in row for row in carried.get("articles", [])):
                fill_search_forms(fresh.conn)  # drafts from before the forms (migration 19)
    finally:
        fresh.close()  # the last connection: its -wal is folded in and removed
    _remove_with_side_files(path, keep_main=True)  # the old -wal must not meet the new file
    os.replace(building, path)
    result.unsent = len(carried.get("outbox", []))
    return result


def _remove_with_side_files(path: Path, *, keep_main: bool = False) -> None:
    for suffix in ("-wal", "-shm") if keep_main else ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


class InUse(StoreError):
    """Another connection has the replica open: it cannot be moved aside safely."""


def _in_use(path: Path) -> bool:
    """Whether another connection holds the file (an exclusive lock is refused)."""
    if not path.exists() or path.stat().st_size == 0:
        return False
    conn = cipher.connect_file(path, timeout=0.5, isolation_level=None)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except sqlite3.OperationalError as error:
        return "locked" in str(error) or "busy" in str(error)
    except sqlite3.DatabaseError:
        return False  # too damaged to tell: nobody can be using it much
    finally:
        conn.close()
    return False


def _read_old(old: Path, key: bytes | None, result: Salvaged) -> dict[str, list[Row]]:
    if not old.exists() and not old.with_name(old.name + "-wal").exists():
        return {}
    conn: _Reopening | _Decrypted
    try:
        conn = _Reopening(old, key)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        whole_schema = True
    except sqlite3.DatabaseError:
        decrypted = _Decrypted.of(old, key)
        if decrypted is None:
            result.lost.append("the whole file")
            result.unsent_unreadable = True
            return {}
        conn, tables, whole_schema = decrypted, decrypted.tables, False
    try:
        if "outbox" not in tables:
            if whole_schema:
                return {}  # empty, or never filled: nothing was waiting
            # Its part of the schema is on the torn page: what waited is not known.
            result.lost.append("the outbox")
            result.unsent_unreadable = True
            carried = _carry(conn, tables & {"settings", "users"}, result, set(), set())
        else:
            outbox, unreadable = _rows(conn, "outbox", "1")
            open_rows = [r for r in outbox if r["state"] != "done"]
            if unreadable:
                many = (
                    "some changes"
                    if unreadable == UNKNOWN
                    else plural(unreadable, "change", "changes")
                )
                result.lost.append(f"{many} in the outbox, sent or not")
                result.outbox_incomplete = True
            uuids = {r["uuid"] for r in open_rows}
            refs = {r["ticket_ref"] for r in open_rows if r["ticket_ref"] is not None}
            carried = {"outbox": open_rows, **_carry(conn, tables, result, uuids, refs)}
        result.last_sync = _last_sync(carried.get("settings", []))
        return carried
    finally:
        conn.close()


def _carry(
    conn: _Reopening | _Decrypted,
    tables: set[str],
    result: Salvaged,
    uuids: set[str],
    refs: set[int],
) -> dict[str, list[Row]]:
    """The rows of the carried tables among tables that the open outbox rows need."""
    carried: dict[str, list[Row]] = {}
    for table in (t for t in _CARRIED if t.name in tables):
        rows, unreadable = _rows(conn, table.name, table.sql_filter)
        carried[table.name] = [
            {**r, **dict(table.reset)} for r in rows if table.keep(r, uuids, refs)
        ]
        if unreadable and table.name != "tickets":
            result.lost.append(f"part of the {table.name}")
    return carried


def _last_sync(settings: list[Row]) -> datetime | None:
    """The last complete sync the old file recorded (by the later of its two clocks)."""
    values = {r.get("key"): r.get("value") for r in settings}
    moments = []
    for key in (LAST_SYNC_SETTING, LAST_SYNC_LAPTOP_SETTING):
        try:
            moments.append(parse_stamp(str(values[key])))
        except (KeyError, ValueError):
            continue
    return max(moments, default=None)


UNKNOWN = -1  # rows were lost, but how many is not known


class _Fetched:
    """What a read gave back, fetched in full (so a bad page fails the read, not a later step)."""

    def __init__(self, rows: list[sqlite3.Row]) -> None:
        self._rows = rows

    def fetchall(self) -> list[sqlite3.Row]:
        return self._rows

    def fetchone(self) -> sqlite3.Row | None:
        return self._rows[0] if self._rows else None

    def __iter__(self) -> Iterator[sqlite3.Row]:
        return iter(self._rows)


class _Reopening:
    """The damaged file, read through a connection opened afresh after every failed read.

    After a page fails its check SQLCipher leaves the connection unusable (every later
    statement fails, some with MemoryError), so reading around bad pages needs a new one.
    """

    def __init__(self, path: Path, key: bytes | None) -> None:
        self._path, self._key = path, key
        self._format = self._written_in()
        self._conn = self._open()

    def _written_in(self) -> cipher.PageFormat:
        """The format the file was encrypted in, so that an earlier release's replica is
        salvaged as it was written: the first whose schema reads (this release's if none)."""
        for page_format in cipher.FORMATS if self._key is not None else ():
            conn = self._open(page_format)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except (sqlite3.DatabaseError, MemoryError):
                continue
            finally:
                conn.close()
            return page_format
        return cipher.PAGE_FORMAT

    def _open(self, page_format: cipher.PageFormat | None = None) -> sqlite3.Connection:
        conn = cipher.connect(
            self._path, self._key, isolation_level=None, page_format=page_format or self._format
        )
        # A file cut short by whole pages (a copy or a cleaner stopped halfway) has a
        # header counting more pages than it holds, and SQLite refuses all of it as
        # malformed unless the schema is "writable": then it reads the pages there are.
        # It only reads (the copy set aside).
        conn.execute("PRAGMA writable_schema = ON")
        conn.row_factory = sqlite3.Row
        return conn

    def execute(self, sql: str, parameters: list[object] | None = None) -> _Fetched:
        try:
            return _Fetched(self._conn.execute(sql, parameters or []).fetchall())
        except (sqlite3.DatabaseError, MemoryError) as error:
            self._conn.close()
            self._conn = self._open()
            raise sqlite3.DatabaseError(str(error)) from None

    def close(self) -> None:
        self._conn.close()


class _Decrypted:
    """The damaged file decrypted in memory (``sync.store.salvage_decrypted``), read as
    ``_Reopening`` reads it, so that the same reads work around its damaged pages."""

    def __init__(self, copy: DecryptedCopy) -> None:
        self._copy, self.tables = copy, copy.tables

    @classmethod
    def of(cls, path: Path, key: bytes | None) -> _Decrypted | None:
        """None for a plaintext file (SQLite read all it could) or one no page of opens."""
        from sync.store.salvage_decrypted import decrypted_copy  # noqa: PLC0415 - rarely needed

        wanted = ["outbox", *(t.name for t in _CARRIED)]
        found = decrypted_copy(path, key, wanted) if key is not None else None
        return cls(found) if found is not None else None

    def execute(self, sql: str, parameters: list[object] | None = None) -> _Fetched:
        return _Fetched(self._copy.rows(sql, parameters or []))

    def close(self) -> None:
        self._copy.close()


def _rows(conn: _Reopening | _Decrypted, table: str, sql_filter: str) -> tuple[list[Row], int]:
    """The table's readable rows matching sql_filter, and how many could not be read."""
    try:
        found = conn.execute(f"SELECT rowid AS _rowid_, * FROM {table} WHERE {sql_filter}")
        rows = {r["_rowid_"]: _plain(r) for r in found.fetchall()}
    except sqlite3.DatabaseError:
        rows = None
    if rows is not None and sql_filter != "1":
        return list(rows.values()), 0
    rowids = _rowids_from_indexes(conn, table)
    if rows is not None:
        # A garbled page can read as fewer rows without an error: the index knows better.
        missing = (rowids or set()) - set(rows)
        extra = [row for rowid in missing if (row := _one(conn, table, rowid)) is not None]
        return [*rows.values(), *extra], len(missing) - len(extra)
    if rowids is not None:
        # An index names the row but its page does not give it back: it is lost.
        read = [row for rowid in sorted(rowids) if (row := _one(conn, table, rowid)) is not None]
        return read, len(rowids) - len(read)
    return list(_by_ranges(conn, table, *_rowid_bounds(conn, table))), UNKNOWN


def _plain(row: sqlite3.Row) -> Row:
    values = dict(row)
    values.pop("_rowid_", None)
    return values


def _rowids_from_indexes(conn: _Reopening | _Decrypted, table: str) -> set[int] | None:
    """Every rowid, read from an index of the table (its pages are elsewhere)."""
    try:
        indexes = [r[1] for r in conn.execute(f"PRAGMA index_list({table})").fetchall()]
    except sqlite3.DatabaseError:
        return None
    for index in indexes:
        try:
            return {r[0] for r in conn.execute(f"SELECT rowid FROM {table} INDEXED BY {index}")}
        except sqlite3.DatabaseError:
            continue
    return None


def _one(conn: _Reopening | _Decrypted, table: str, rowid: int) -> Row | None:
    """The row, or None when its page cannot be read (or no longer holds it)."""
    try:
        found = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", [rowid]).fetchone()
    except sqlite3.DatabaseError:
        return None
    return dict(found) if found is not None else None


def _rowid_bounds(conn: _Reopening | _Decrypted, table: str) -> tuple[int, int]:
    for query in (
        f"SELECT MIN(rowid), MAX(rowid) FROM {table}",
        f"SELECT -1000000, seq FROM sqlite_sequence WHERE name = '{table}'",
    ):
        try:
            low, high = conn.execute(query).fetchone() or (None, None)
        except sqlite3.DatabaseError:
            continue
        if low is not None and high is not None:
            return int(low), int(high)
    return -DEFAULT_MAX_ROWID, DEFAULT_MAX_ROWID


def _by_ranges(conn: _Reopening | _Decrypted, table: str, low: int, high: int) -> Iterator[Row]:
    """Rows in rowid ranges, largest first, halving the ranges that touch bad pages."""
    pending = [(low, high)]
    failures = 0
    while pending and failures < RANGE_BUDGET:
        start, end = pending.pop(0)
        try:
            found = conn.execute(
                f"SELECT * FROM {table} WHERE rowid BETWEEN ? AND ?", [start, end]
            ).fetchall()
        except sqlite3.DatabaseError:
            failures += 1
            if start < end:
                middle = (start + end) // 2
                pending += [(start, middle), (middle + 1, end)]
            continue
        yield from (dict(r) for r in found)


def _insert(db: Any, table: str, rows: list[Row]) -> None:
    columns = {r[1] for r in db.execute(f"PRAGMA table_info({table})").fetchall()}
    for row in rows:
        values = {k: v for k, v in row.items() if k in columns}
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        db.execute(
            f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", list(values.values())
        )
