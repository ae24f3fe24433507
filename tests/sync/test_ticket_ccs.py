"""The replica keeps whom else RT mails a reply to: the ticket's Ccs and AdminCcs.

A review found the reply dialog naming the requestors only while RT's mail also went
Cc to the business owner, added as Cc on the ticket in RT: the replica kept the
requestors alone.  Now the ticket's Cc and AdminCc come down with its fields (in the
same listing), and a replica stored before is told "not known" and read again.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import sqlite_utils

from sync import outbox
from sync.connectors.base import TicketWatchers
from sync.connectors.rt.batch import TICKET_FIELDS
from sync.connectors.rt_convert import ticket_from_json
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.older_replica import replica_before
from tests.sync.test_store import remote_ticket

CUSTOMER = "sophie.hart@cafe-lumiere.example"
OWNER = "owner@cafe-lumiere.example"


def listed_ticket(**roles: Any) -> dict[str, Any]:
    """A ticket as RT's listing serves it with ``fields=`` TICKET_FIELDS."""
    return {
        "id": 2,
        "Subject": "Receipt printer cuts half way",
        "Status": "open",
        "LastUpdated": "2026-12-06T13:50:00Z",
        "Created": "2026-12-01T09:00:00Z",
        "Queue": {"type": "queue", "id": "3"},
        "Requestor": [{"type": "user", "id": CUSTOMER}],
        **roles,
    }


def stored(db: sqlite_utils.Database, body: dict[str, Any]) -> ticket_store.Watchers | None:
    """The ticket stored as the pull stores it: whom else a reply goes to, as kept."""
    with transaction(db):
        ticket_store.apply_remote_ticket(db, ticket_from_json(body, None))
    return ticket_store.watchers(db, int(body["id"]))


def test_the_batched_listing_asks_for_the_ccs_with_the_fields() -> None:
    """No request more per sync: they come in the listing that brings the fields."""
    assert {"Requestor", "Cc", "AdminCc"} <= set(TICKET_FIELDS.split(","))


def test_a_visit_keeps_its_ccs_and_the_helpdesks_watchers(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    supervisors = {"type": "group", "id": 41, "_url": "https://rt.example/group/41"}
    copied = stored(db, listed_ticket(Cc=[{"type": "user", "id": OWNER}], AdminCc=[supervisors]))
    assert copied == ticket_store.Watchers(ccs=(OWNER,), admin_ccs=("group #41",))
    visit = ticket_store.get_visit(db, 2)
    assert visit is not None and visit.requestors == [CUSTOMER]


def test_a_cc_taken_off_in_rt_leaves_the_visit(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    stored(db, listed_ticket(Cc=[{"type": "user", "id": OWNER}], AdminCc=[]))
    assert stored(db, listed_ticket(Cc=[], AdminCc=[])) == ticket_store.Watchers((), ())


def test_a_reading_without_the_roles_keeps_what_the_replica_holds(tmp_path: Path) -> None:
    """A ticket read without them (a connector that does not ask) is not "no Cc"."""
    db = open_database(tmp_path / "replica.db")
    stored(db, listed_ticket(Cc=[{"type": "user", "id": OWNER}], AdminCc=[]))
    assert stored(db, listed_ticket()) == ticket_store.Watchers((OWNER,), ())


def test_an_update_says_the_ccs_are_not_known_and_reads_the_visits_again(
    tmp_path: Path,
) -> None:
    """Visits stored before FieldDesk read Ccs: "not known" until the next sync reads
    them again (their stamp cleared, as for a visit left stale); one made here and not
    yet sent has none."""
    path = tmp_path / "old.db"
    with replica_before(path, "ADD COLUMN ccs") as old, transaction(old):
        ticket_store.apply_remote_ticket(old, remote_ticket(7))
        ticket_store.apply_remote_ticket(old, remote_ticket(8))
        outbox.set_fields(old, 8, {"status": "resolved"})  # unsent work keeps it here
        ticket_store.mark_gone(old, 8, "no longer assigned to you")

    db = open_database(path)
    made_here = outbox.create_ticket(
        db, subject="Second till printer", content="It cuts too.", owner="alice"
    )
    assert ticket_store.watchers(db, 7) is None  # not known
    assert ticket_store.ticket_stamps(db)[7] is None  # so read again at the next sync
    assert ticket_store.ticket_stamps(db)[8] == remote_ticket().last_updated  # not in view
    assert ticket_store.watchers(db, made_here) == ticket_store.Watchers((), ())
    read_again = dataclasses.replace(
        remote_ticket(7), watchers=TicketWatchers(ccs=(OWNER,), admin_ccs=())
    )
    with transaction(db):
        ticket_store.apply_remote_ticket(db, read_again)
    assert ticket_store.watchers(db, 7) == ticket_store.Watchers((OWNER,), ())
