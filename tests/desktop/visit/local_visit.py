"""A visit panel over a replica written here (no helpdesk): for the header and the
conversation's own behaviour."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

VISIT = 3
SAID = "The printer jams on every second page. " * 8


def asset_uri(asset_id: int) -> str:
    """A link to equipment as RT writes it in a ticket's history."""
    return f"asset://fielddesk.test/{asset_id}"


def seed(db: sqlite_utils.Database, *, links: int = 0, **fields: str | None) -> None:
    values: dict[str, str | None] = {
        "subject": "Front-desk printer jams",
        "site": "Elmgrove Medical Practice",
        "address": "12 Elm Grove, Leeds",
        "contact": "Julie Marsh, +44 23 9200 1234",
    }
    values.update(fields)
    history = [
        RemoteTransaction(n, VISIT, "Comment", f"2026-11-20T{n % 24:02d}:00:00Z", "bob", body=SAID)
        for n in range(1, 25)
    ]
    history += [
        RemoteTransaction(
            100 + n, VISIT, "AddLink", "2026-11-21T08:00:00Z", "root", new_value=asset_uri(n)
        )
        for n in range(1, links + 1)
    ]
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(VISIT, **values))
        ticket_store.apply_remote_history(db, VISIT, history)


@pytest.fixture
def local_db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.database_path)
    yield database
    database.close()


def local_panel(qtbot: QtBot, profile: Profile, db: sqlite_utils.Database) -> VisitDetail:
    messages = MessageBridge()
    messages.listen()
    panel = VisitDetail(db, profile, messages)
    qtbot.addWidget(panel)
    panel.resize(700, 740)
    panel.show()
    panel.show_visit(VISIT)
    return panel
