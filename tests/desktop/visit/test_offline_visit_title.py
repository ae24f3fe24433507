"""A ticket opened offline has no number until a sync creates it: the header reads its
subject and "not yet on the helpdesk", never "#-1 …"."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.header import VisitHeader
from sync.changes.new_ticket import create_ticket
from sync.store import tickets as ticket_store
from sync.visit_display import VisitDisplay
from tests.desktop.visit.local_visit import local_db

__all__ = ["local_db"]  # the fixture, used by name
SUBJECT = "Second reception PC will not boot"


def test_a_visit_opened_offline_is_titled_by_its_subject(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    new_id = create_ticket(local_db, subject=SUBJECT, content="Seen on site", owner="alice")
    visit = ticket_store.get_visit(local_db, new_id)
    assert visit is not None
    header = VisitHeader(VisitDisplay())
    qtbot.addWidget(header)
    header.show_visit(visit, 0)
    assert header.title.full_text == SUBJECT
    assert "#-" not in header.title.accessibleName()
    assert "not yet on the helpdesk" in header.facts.text()
