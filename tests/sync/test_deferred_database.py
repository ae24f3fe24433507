"""The window's replica handle reads on the plain connection and writes as sqlite-utils does."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sqlite_utils

from sync.store.database import open_connection
from sync.store.deferred_database import DeferredDatabase
from sync.store.driver import sqlite3


@pytest.fixture
def db() -> DeferredDatabase:
    connection = open_connection(None)
    connection.execute("CREATE TABLE parts (id INTEGER PRIMARY KEY, name TEXT)")
    return DeferredDatabase(connection)


def test_reads_and_writes_reach_the_same_replica(db: DeferredDatabase) -> None:
    db["parts"].insert({"id": 1, "name": "PSU"})  # sqlite-utils' table API, made on first use
    assert db.execute("SELECT name FROM parts WHERE id = ?", (1,)).fetchall() == [("PSU",)]
    assert isinstance(db.database(), sqlite_utils.Database)
    assert db.database().conn is db.conn
    assert [row["name"] for row in db.query("SELECT name FROM parts")] == ["PSU"]


def test_a_write_outside_a_transaction_is_not_left_uncommitted(db: DeferredDatabase) -> None:
    # What sqlite-utils' execute makes sure of: no implicit transaction stays open.
    db.execute("INSERT INTO parts (id, name) VALUES (?, ?)", (2, "fan"))
    assert not db.conn.in_transaction


def test_triggers_fire_recursively_as_under_sqlite_utils(db: DeferredDatabase) -> None:
    assert db.execute("PRAGMA recursive_triggers").fetchone() == (1,)


def test_closing_closes_the_connection(db: DeferredDatabase) -> None:
    db.close()
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")


def test_sqlite_utils_is_loaded_only_when_more_than_sql_is_asked() -> None:
    child = (
        "import json, sys\n"
        "from sync.store.database import open_connection\n"
        "from sync.store.deferred_database import DeferredDatabase\n"
        "db = DeferredDatabase(open_connection(None))\n"
        "db.execute('SELECT 1').fetchall()\n"
        "before = 'sqlite_utils' in sys.modules\n"
        "db.table_names()\n"
        "print(json.dumps([before, 'sqlite_utils' in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [False, True]
