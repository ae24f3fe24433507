"""Search as you type (``LatestQuery``): a keystroke that interrupts the search under way
gets its own answer, whatever step of the older search the interrupt stopped.

SQLite says "interrupted" when it stops a statement; but an interrupt that lands while
FTS5 opens its index for a statement says "vtable constructor failed: articles_fts".
Typing fast in the KB search once ended in the crash dialog for that."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.common.latest_query import LatestQuery
from sync.store import open_database
from sync.store.driver import sqlite3

INTERRUPTED_WHILE_OPENING_THE_INDEX = "vtable constructor failed: articles_fts"


class TypedTwice:
    """The first search stops in the middle, as the second keystroke's interrupt stops it."""

    def __init__(self, failure: str) -> None:
        self.failure = failure
        self.first_running = threading.Event()
        self.second_asked = threading.Event()

    def __call__(self, db: sqlite_utils.Database, text: str) -> str:
        if text == "pri":
            self.first_running.set()
            assert self.second_asked.wait(timeout=10)
            raise sqlite3.OperationalError(self.failure)
        return f"hits for {text}"


@pytest.mark.parametrize("failure", ["interrupted", INTERRUPTED_WHILE_OPENING_THE_INDEX])
def test_the_newer_text_is_answered_whatever_the_interrupt_stopped(
    tmp_path: Path, qtbot: QtBot, failure: str
) -> None:
    path = tmp_path / "replica.db"
    owner = QObject()
    query = TypedTwice(failure)
    latest = LatestQuery(path, open_database(path), query, "test-search", owner)
    answers: list[tuple[str, object]] = []
    latest.found.connect(lambda text, result, _seconds: answers.append((text, result)))

    latest.search("pri")
    assert query.first_running.wait(timeout=10)
    latest.search("printer")
    query.second_asked.set()

    qtbot.waitUntil(lambda: answers == [("printer", "hits for printer")])
    latest.shutdown()


def test_a_failure_of_the_newest_search_is_not_hidden(tmp_path: Path, qtbot: QtBot) -> None:
    path = tmp_path / "replica.db"
    owner = QObject()

    def broken(db: sqlite_utils.Database, text: str) -> object:
        raise sqlite3.OperationalError(INTERRUPTED_WHILE_OPENING_THE_INDEX)

    latest = LatestQuery(path, open_database(path), broken, "test-search", owner)
    with qtbot.captureExceptions() as raised:
        latest.search("printer")
        qtbot.waitUntil(lambda: bool(raised))
    latest.shutdown()
    assert INTERRUPTED_WHILE_OPENING_THE_INDEX in str(raised[0][1])
