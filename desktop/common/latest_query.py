"""A replica query off the GUI thread, newest request wins (search as you type).

Each keystroke asks for a query.  A worker on a QThread, with its own
connection to the replica, runs it; a newer keystroke interrupts the query in
progress (``sqlite3.Connection.interrupt`` is safe from another thread) and
older queued requests are skipped, so the results shown always belong to the
text in the box and a slow query never freezes typing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from sync.store import open_database
from sync.store.driver import sqlite3

if TYPE_CHECKING:
    import sqlite_utils

Query = Callable[["sqlite_utils.Database", str], object]


class _Latest:
    """The newest generation asked for, shared by the GUI thread and the worker."""

    def __init__(self) -> None:
        self.value = 0  # an int assignment is atomic under the GIL


class QueryWorker(QObject):
    found = Signal(int, str, object, float)  # generation, text, result, seconds

    def __init__(self, path: Path, latest: _Latest, query: Query) -> None:
        super().__init__()
        self._path = path
        self._latest = latest
        self._query = query
        self.db: sqlite_utils.Database | None = None

    @Slot(int, str)
    def search(self, generation: int, text: str) -> None:
        if generation != self._latest.value:
            return  # a newer keystroke is already queued
        if self.db is None:
            self.db = open_database(self._path)  # this thread's own connection
        start = time.perf_counter()
        try:
            result = self._query(self.db, text)
        except sqlite3.OperationalError:
            if generation != self._latest.value:
                # Superseded by a newer keystroke, whose interrupt stopped this query: it
                # says "interrupted", or, landing while FTS5 opened its index, "vtable
                # constructor failed".  The newer text gets its own answer.
                return
            raise
        self.found.emit(generation, text, result, time.perf_counter() - start)

    @Slot()
    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None

    def interrupt(self) -> None:
        db = self.db
        if db is not None:
            db.conn.interrupt()


class LatestQuery(QObject):
    """Owns the worker thread; ``search(text)`` returns at once, ``found`` follows."""

    found = Signal(str, object, float)  # text, result, seconds spent in the query
    _requested = Signal(int, str)

    def __init__(
        self,
        path: Path | None,
        db: sqlite_utils.Database,
        query: Query,
        name: str,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._db = db  # for a database in memory (tests of other screens): no worker
        self._query = query
        self._latest = _Latest()
        self._thread: QThread | None = None
        self._worker: QueryWorker | None = None
        if path is not None:
            thread = QThread()
            thread.setObjectName(name)
            worker = QueryWorker(path, self._latest, query)
            worker.moveToThread(thread)
            self._requested.connect(worker.search)
            worker.found.connect(self._on_found)
            # finished is emitted in the worker's thread: close its connection there.
            thread.finished.connect(worker.close, Qt.ConnectionType.DirectConnection)
            thread.start()
            self._thread, self._worker = thread, worker

    def search(self, text: str) -> None:
        self._latest.value += 1
        generation = self._latest.value
        if self._worker is None:
            start = time.perf_counter()
            result = self._query(self._db, text)
            self.found.emit(text, result, time.perf_counter() - start)
            return
        self._worker.interrupt()
        self._requested.emit(generation, text)

    def discard(self) -> None:
        """Drop the answers to what was asked so far (what is under way is stopped)."""
        self._latest.value += 1
        if self._worker is not None:
            self._worker.interrupt()

    @Slot(int, str, object, float)
    def _on_found(self, generation: int, text: str, result: object, seconds: float) -> None:
        if generation == self._latest.value:
            self.found.emit(text, result, seconds)

    def shutdown(self) -> None:
        if self._thread is not None:
            self.discard()  # anything still queued is now stale
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None
