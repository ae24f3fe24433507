"""The visit panel over alice's real synced replica."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import Message, MessageBridge
from desktop.visit import VisitDetail
from sync.profile import Profile
from sync.store import open_database
from sync.store import tickets as ticket_store


@pytest.fixture
def db(alice: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(alice.database_path)
    yield database
    database.close()


@pytest.fixture
def said() -> list[Message]:
    return []


@pytest.fixture
def panel(
    alice: Profile, db: sqlite_utils.Database, qtbot: QtBot, said: list[Message]
) -> Iterator[VisitDetail]:
    messages = MessageBridge()
    messages.listen()
    messages.shown.connect(said.append)
    widget = VisitDetail(db, alice, messages)
    qtbot.addWidget(widget)
    widget.resize(700, 740)
    widget.show()
    widget.show_visit(acme_printer_visit(db).id)
    yield widget
    widget.shutdown()


def acme_printer_visit(db: sqlite_utils.Database) -> ticket_store.Visit:
    return next(
        v for v in ticket_store.list_visits(db) if v.subject.startswith("Front-desk printer")
    )
