"""A ticket opened offline takes RT's values as its base once made (over a double of our Connector).

The real RT is in tests/integration/test_offline_ticket_as_rt_made_it.py; here, what
RT does that the private one does not: a scrip that changes a field as the ticket is
made, and a reply lost on the way back.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from sync import outbox
from sync.changes.new_ticket import requestor_address
from sync.connectors.base import FieldWrite, NewTicketRequest, NoteRequest, RemoteTicket
from sync.engine import SyncEngine
from sync.errors import ConflictError, RetryableError
from sync.store import open_database
from sync.store import tickets as ticket_store
from sync.store.outbox import InvalidChange
from tests.sync.test_store import remote_ticket


class HelpdeskDouble:
    """Makes tickets as RT does: priority 0, and what its scrips add (``on_create``)."""

    def __init__(self, on_create: dict[str, str | None] | None = None) -> None:
        self.request_count = 0
        self.on_create = on_create or {}
        self.tickets: dict[int, RemoteTicket] = {}
        self.client_ids: dict[str, int] = {}
        self.created: list[NewTicketRequest] = []
        self.lose_reads = 0  # the next reads of a ticket lose their reply
        self.updates: list[dict[str, Any]] = []

    def set_run_limits(self, *_limits: Any) -> None:
        pass

    def create_ticket(self, request: NewTicketRequest) -> int:
        self.created.append(request)
        ticket_id = 40 + len(self.created)
        fields: dict[str, str | None] = dict.fromkeys(remote_ticket().fields)
        fields.update(subject=request.subject, status="new", priority="0", owner=request.owner)
        fields.update(request.fields)
        fields.update(self.on_create)
        self.tickets[ticket_id] = dataclasses.replace(
            remote_ticket(ticket_id), etag="500", fields=fields
        )
        self.client_ids[request.client_ticket_id] = ticket_id
        return ticket_id

    def find_ticket(
        self,
        client_ticket_id: str,
        *,
        subject: str | None = None,
        made_after: str | None = None,
        skip: frozenset[int] = frozenset(),
    ) -> int | None:
        return self.client_ids.get(client_ticket_id)

    def fetch_ticket(self, ticket_id: int) -> RemoteTicket:
        if self.lose_reads:
            self.lose_reads -= 1
            raise RetryableError("connection reset", ambiguous=True)
        return self.tickets[ticket_id]

    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        ticket = self.tickets[ticket_id]
        if etag != ticket.etag:
            raise ConflictError("412")
        self.updates.append(changes)
        self.tickets[ticket_id] = dataclasses.replace(
            ticket, etag=str(int(ticket.etag) + 1), fields={**ticket.fields, **changes}
        )

    def field_writes(self, ticket_id: int, after_txn: int) -> list[FieldWrite]:
        return []

    def add_note(self, note: NoteRequest) -> int:
        ticket = self.tickets[note.ticket_id]
        self.tickets[note.ticket_id] = dataclasses.replace(ticket, etag=str(int(ticket.etag) + 1))
        return 900


def push(db: Any, helpdesk: HelpdeskDouble) -> Any:
    return SyncEngine(db, helpdesk, pullers=[], resend_after_s=0).run()


def test_the_base_is_what_rt_made_even_when_reading_it_back_failed_first(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fd.db")
    local_id = outbox.create_ticket(
        db, subject="UPS beeping", content="Since Monday.", owner="alice", fields={"site": "Acme"}
    )
    helpdesk = HelpdeskDouble()
    helpdesk.lose_reads = 1

    report = push(db, helpdesk)

    assert report.ok and report.pushed == 1, report
    assert len(helpdesk.created) == 1, "made twice"
    (ticket_id,) = helpdesk.tickets
    assert ticket_store.get_visit(db, local_id) is None
    base, etag = ticket_store.base_values(db, ticket_id)
    assert base == helpdesk.tickets[ticket_id].fields and base["priority"] == "0"
    # Found again a sync later: which version RT made is not known, so the next change
    # is merged against what was sent (tests/sync/test_new_ticket_found_again.py).
    assert etag == ""


def test_a_field_changed_here_keeps_its_value_and_goes_with_rts_base(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fd.db")
    local_id = outbox.create_ticket(db, subject="Till frozen", content="", owner="alice")
    outbox.escalate(db, local_id, "needs approval", author="alice")
    helpdesk = HelpdeskDouble()

    report = push(db, helpdesk)

    assert report.ok and report.conflicts == 0, report
    (ticket_id,) = helpdesk.tickets
    assert helpdesk.tickets[ticket_id].fields["priority"] == "90"
    assert ticket_store.working_values(db, ticket_id)["priority"] == "90"


def test_a_field_rt_set_as_it_made_the_ticket_is_no_conflict_for_a_linked_change(
    tmp_path: Path,
) -> None:
    """A scrip opens every new ticket: the visit window, decided with the status as the
    technician saw it when opening the ticket, is merged against RT's status."""
    db = open_database(tmp_path / "fd.db")
    local_id = outbox.create_ticket(db, subject="Scanner offline", content="", owner="alice")
    outbox.add_note(db, local_id, "Booked with the customer.", author="alice")  # a new version
    outbox.set_fields(db, local_id, {"visit_start": "2026-12-03 09:00"})
    helpdesk = HelpdeskDouble(on_create={"status": "open"})

    report = push(db, helpdesk)

    assert report.ok and report.conflicts == 0, report
    (ticket_id,) = helpdesk.tickets
    fields = helpdesk.tickets[ticket_id].fields
    assert (fields["status"], fields["visit_start"]) == ("open", "2026-12-03T09:00:00Z")
    assert ticket_store.working_values(db, ticket_id)["status"] == "open"


@pytest.mark.parametrize(
    "typed",
    [
        "Jane at reception",
        "jane",
        "jane@example",
        "Jane Doe <jane@example.com>",
        "jane@example.com, bob@example.com",
        "jane..doe@example.com",
        "jané@example.com",
    ],
)
def test_a_requestor_rt_would_drop_is_refused_when_typed(tmp_path: Path, typed: str) -> None:
    db = open_database(tmp_path / "fd.db")
    with pytest.raises(InvalidChange, match="e-mail address"):
        outbox.create_ticket(db, subject="T", content="", owner="alice", requestor=typed)
    assert outbox.rows(db) == []
    assert ticket_store.list_visits(db) == []


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        (" jane.doe+printer@example.co.uk ", "jane.doe+printer@example.co.uk"),
        ("o'brien@example.com", "o'brien@example.com"),
        ("", None),
        (None, None),
    ],
)
def test_a_customers_address_is_kept(typed: str | None, kept: str | None) -> None:
    assert requestor_address(typed) == kept
