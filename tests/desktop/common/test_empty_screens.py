"""A screen with nothing to show says what it is for, in one line, not empty panes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtWidgets import QTableView, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.conflicts import ConflictsView
from desktop.kb import KnowledgeBaseView
from desktop.outbox import OutboxView
from sync.store import open_database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "replica.db")
    yield database
    database.close()


def shown(qtbot: QtBot, screen: QWidget) -> QWidget:
    qtbot.addWidget(screen)
    screen.resize(1024, 640)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def visible(screen: QWidget, kind: type[QWidget]) -> list[QWidget]:
    return [w for w in screen.findChildren(kind) if w.isVisible()]


def test_conflicts_with_none_is_one_line_not_three_empty_panes(
    db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    screen = shown(qtbot, ConflictsView(db, MessageBridge()))
    assert visible(screen, QTextBrowser) == [] and visible(screen, QTableView) == []
    assert screen.empty.note.isVisible()
    assert screen.empty.note.text().startswith(
        "No conflicts — when a change meets a different edit on the helpdesk it appears here"
    )


def test_an_empty_outbox_says_what_waits_there(db: sqlite_utils.Database, qtbot: QtBot) -> None:
    screen = shown(qtbot, OutboxView(db, MessageBridge()))
    assert visible(screen, QTableView) == []
    assert "a change made on this laptop waits here" in screen.empty.note.text()


def test_an_empty_knowledge_base_says_how_to_fill_it(
    db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    screen = KnowledgeBaseView(db, MessageBridge())
    shown(qtbot, screen)
    assert screen.results_area.note.isVisible()
    assert "sync (Ctrl+R) to fetch it" in screen.results_area.note.text()
    screen.shutdown()
