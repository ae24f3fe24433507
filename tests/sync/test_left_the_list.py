"""A ticket that left the list while it held unsent work: said as it is, for each role.

A supervisor's list is the field queue's open tickets; one resolved on the helpdesk
read "no longer assigned to you", which a supervisor never was.
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
import sqlite_utils

from sync import dispatch, outbox
from sync.pullers.base import PullContext
from sync.pullers.tickets import _reconcile
from sync.report import SyncReport
from sync.store import open_database, timers
from sync.store import tickets as ticket_store


class GivenToBob:
    """The helpdesk, where every ticket is bob's now (one read of a ticket that left)."""

    def fetch_ticket(self, ticket_id: int) -> SimpleNamespace:
        return SimpleNamespace(id=ticket_id, fields={"status": "open", "owner": "bob"})


def replica_with_a_note_waiting(supervisor: bool) -> sqlite_utils.Database:
    db = open_database(None)
    db.table("tickets").insert(
        {"id": 7, "subject": "Printer offline", "status": "open", "queue": "Field",
         "last_updated": "2026-12-02T09:00:00Z"},
        alter=False,
    )  # fmt: skip
    dispatch.remember_role(db, 1 if supervisor else None)
    outbox.add_note(db, 7, "Fuser replaced, test page fine.", author="me")
    return db


@pytest.mark.parametrize(
    ("supervisor", "said"),
    [
        (False, "no longer assigned to you on the helpdesk; 1 unsent change kept here"),
        (True, "no longer open in the field queue on the helpdesk; 1 unsent change kept here"),
    ],
)
def test_a_ticket_gone_from_the_list_says_why_for_the_role(supervisor: bool, said: str) -> None:
    db = replica_with_a_note_waiting(supervisor)
    report = SyncReport()
    _reconcile(PullContext(db, GivenToBob(), report, lambda _p: None, threading.Event()), set())  # type: ignore[arg-type]
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None and visit.gone == said
    assert report.kept_with_unsent_changes == [7]


def test_a_visit_given_away_with_time_on_its_timer_stays_with_the_time() -> None:
    """The reconcile removed a visit given away unless a change waited in the outbox:
    an hour on its timer, not logged yet, went with it without a word."""
    db = replica_with_a_note_waiting(supervisor=False)
    db.execute("DELETE FROM outbox")
    timers.start(db, 7, "on_site")
    report = SyncReport()
    _reconcile(PullContext(db, GivenToBob(), report, lambda _p: None, threading.Event()), set())  # type: ignore[arg-type]
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None
    assert visit.gone == "no longer assigned to you on the helpdesk; time on its timer kept here"
    assert report.kept_with_unsent_changes == [7]
