"""Opening the replica: pragmas, migrations and transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from sync.store.schema import MIGRATIONS, SCHEMA_VERSION


class StoreError(RuntimeError):
    """The local database cannot be used (corrupt, newer version, disk full)."""


def open_database(path: Path | None) -> sqlite_utils.Database:
    """Open (creating or upgrading) the replica at path; None = in memory."""
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are explicit (see transaction()).
        connection = sqlite3.connect(
            ":memory:" if path is None else path, isolation_level=None, timeout=10.0
        )
        db = sqlite_utils.Database(connection)
        # WAL: readers (the GUI) never block the writer (sync).  FULL: a
        # commit is fsynced before it returns, so "saved" survives power loss
        # (NORMAL would only protect against application crashes).
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        migrate(db)
        return db
    except sqlite3.DatabaseError as error:
        raise StoreError(f"the local database {path} cannot be opened: {error}") from None


def database_file(db: sqlite_utils.Database) -> Path | None:
    """The file db was opened on (None in memory): for a second connection in a worker."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def schema_version(db: sqlite_utils.Database) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> None:
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"the local database is from a newer FieldDesk (schema {current}); update FieldDesk"
        )
    for version in range(current, target):
        with transaction(db):
            _apply(db, MIGRATIONS[version])
            db.execute(f"PRAGMA user_version = {version + 1}")


def _apply(db: sqlite_utils.Database, script: str) -> None:
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
    """One atomic, durable write: BEGIN IMMEDIATE ... COMMIT (or ROLLBACK)."""
    conn = db.conn
    if conn.in_transaction:  # nested: join the outer transaction
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
