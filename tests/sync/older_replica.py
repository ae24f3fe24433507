"""A replica as an earlier FieldDesk left it, for tests of what an update does to it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from sync.store.database import _apply
from sync.store.schema import MIGRATIONS


@contextmanager
def replica_before(path: Path, marker: str) -> Iterator[sqlite_utils.Database]:
    """A plaintext replica at path, at the schema just before the migration whose SQL
    holds marker (wherever it lands in the list), to fill; closed at the end, for the
    current code to open and upgrade."""
    connection = sqlite3.connect(path, isolation_level=None)
    before = next(i for i, script in enumerate(MIGRATIONS) if marker in script)
    old = sqlite_utils.Database(connection)
    for script in MIGRATIONS[:before]:
        _apply(old, script)
    connection.execute(f"PRAGMA user_version = {before}")
    try:
        yield old
    finally:
        connection.close()
