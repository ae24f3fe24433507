"""Push order with refused and conflicting field changes, over a double of our Connector."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sync import conflicts, outbox
from sync.changes.asset_link import link_asset
from sync.connectors.base import (
    ChangedTickets,
    FieldQueueChanges,
    FieldWrite,
    KnowledgePage,
    NoteRequest,
    RelatedTickets,
    RemoteTicket,
    SiteAssets,
)
from sync.engine import SyncEngine
from sync.errors import Cause, ConflictError, RejectedError
from sync.store import assets as asset_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket


class HelpdeskDouble:
    """Accepts notes; refuses the status 'resolved' (as a workflow rule would)."""

    def __init__(self) -> None:
        self.request_count = 0
        self.updates: list[dict[str, Any]] = []
        self.notes: list[str] = []

    def set_run_limits(self, *_limits: Any) -> None:
        pass

    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        if changes.get("status") == "resolved":
            raise RejectedError("Status 'resolved' needs a resolution note")
        self.updates.append(changes)

    def field_writes(self, ticket_id: int, after_txn: int) -> list[FieldWrite]:
        return []  # nobody else writes here: the If-Match race cannot happen

    def add_note(self, note: NoteRequest) -> int:
        self.notes.append(note.content)
        return 1000 + len(self.notes)

    def fetch_ticket(self, ticket_id: int) -> RemoteTicket:
        return remote_ticket(ticket_id)  # alice's still: a lost answer's lookup is trusted

    def changed_tickets(self, since: str | None, after_id: int) -> ChangedTickets:
        return ChangedTickets([], None)

    def owned_ticket_ids(self) -> set[int]:
        return {7}

    def knowledge_pages(self, *_cursors: Any) -> Iterator[KnowledgePage]:
        yield KnowledgePage([], [], None, 0)

    def related_tickets(self, *_query: Any) -> RelatedTickets:
        return RelatedTickets([], None)

    def field_queue_changes(self, _after: str, cursor: tuple[str, int], _pages: int) -> Any:
        return FieldQueueChanges([], cursor, complete=True)

    def site_assets(self, *_query: Any) -> SiteAssets:
        return SiteAssets([], None)


def test_a_rejected_field_change_holds_later_field_changes_but_not_notes(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"status": "resolved"})
    outbox.add_note(db, 7, "Waiting for a part.", author="alice")
    outbox.set_fields(db, 7, {"status": "stalled"})
    helpdesk = HelpdeskDouble()

    report = SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    assert len(report.rejected) == 1
    assert helpdesk.notes == ["Waiting for a part."]
    # 'stalled' must not land before the user has dealt with the rejected 'resolved'.
    assert helpdesk.updates == []
    states = [(r.kind, r.state) for r in outbox.rows(db)]
    assert states == [("set_fields", "rejected"), ("set_fields", "pending")]

    rejected = outbox.rows(db)[0]
    outbox.discard(db, rejected.seq)
    assert SyncEngine(db, helpdesk).run().pushed == 1  # type: ignore[arg-type]
    assert helpdesk.updates == [{"status": "stalled"}]
    db.close()


class GivenAway(HelpdeskDouble):
    """A helpdesk where the supervisor gave visit 7 to bob: its changes are refused."""

    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        self.updates.append(changes)
        raise RejectedError(
            "ticket #7 is no longer yours: it is assigned to bob",
            status=403,
            cause=Cause.REASSIGNED,
        )


def test_field_changes_behind_one_refused_as_reassigned_are_refused_with_it(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"status": "stalled"})
    outbox.set_fields(db, 7, {"parts_used": "Fuser"})
    outbox.set_fields(db, 7, {"status": "open"})
    helpdesk = GivenAway()

    report = SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    assert helpdesk.updates == [{"status": "stalled"}]  # the rest are not tried
    assert len(report.rejected) == 3 and all("bob" in r for r in report.rejected)
    assert [(r.state, r.error_cause) for r in outbox.rows(db)] == [("rejected", "reassigned")] * 3

    for row in outbox.rows(db):  # given back by the supervisor: retried, in order
        outbox.retry(db, row.seq)
    assert SyncEngine(db, HelpdeskDouble()).run().pushed == 3  # type: ignore[arg-type]
    db.close()


@pytest.mark.parametrize(("gone", "after"), [(True, "rejected"), (False, "pending")])
def test_a_change_behind_an_older_reassigned_refusal_goes_with_it_while_the_visit_is_gone(
    tmp_path: Path, gone: bool, after: str
) -> None:
    """The run that met the refusal stopped before the next change (the laptop closed);
    the next run refuses that change too if the replica still has the visit gone, and
    holds it if the visit came back meanwhile (the old refusal no longer says why)."""
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"status": "stalled"})
    outbox.set_fields(db, 7, {"parts_used": "Fuser"})
    first, second = outbox.rows(db)
    outbox.mark_rejected(db, first.seq, "ticket #7 is no longer yours", Cause.REASSIGNED)
    if gone:
        ticket_store.mark_gone(db, 7, "no longer assigned to you")
    helpdesk = GivenAway()

    SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    assert helpdesk.updates == []
    assert [r.state for r in outbox.rows(db)] == ["rejected", after]
    held = {seq: refused.seq for seq, refused in outbox.held_behind(outbox.rows(db)).items()}
    assert held == ({} if gone else {second.seq: first.seq})
    db.close()


class ChangedElsewhere(HelpdeskDouble):
    """A helpdesk where the office changed 'contact' and 'priority' since alice's sync."""

    def __init__(self) -> None:
        super().__init__()
        self.ticket = remote_ticket(contact="Front desk", priority="20")
        self.ticket = dataclasses.replace(self.ticket, etag="101")

    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        if etag != self.ticket.etag:
            raise ConflictError("412")
        self.updates.append(changes)
        fields = {**self.ticket.fields, **changes}
        self.ticket = dataclasses.replace(
            self.ticket, fields=fields, etag=str(int(self.ticket.etag) + 1)
        )

    def fetch_ticket(self, ticket_id: int) -> RemoteTicket:
        return self.ticket


def test_a_field_change_in_conflict_holds_back_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"contact": "Mia"})
    outbox.set_fields(db, 7, {"priority": "80", "parts_used": "Fuser"})
    outbox.set_fields(db, 7, {"status": "stalled"})
    helpdesk = ChangedElsewhere()

    report = SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    assert report.conflicts == 2
    assert {c.field for c in conflicts.open_conflicts(db, 7)} == {"contact", "priority"}
    # Fields nobody else changed went, each once; the office's values stand.
    assert helpdesk.updates == [{"parts_used": "Fuser"}, {"status": "stalled"}]
    assert helpdesk.ticket.fields["contact"] == "Front desk"
    assert [r.state for r in outbox.rows(db)] == ["conflict", "conflict"]
    db.close()


@pytest.mark.parametrize(("choice", "sent"), [("theirs", []), ("mine", [{"contact": "Mia J."}])])
def test_an_edit_of_a_field_in_conflict_is_decided_with_it(
    tmp_path: Path, choice: str, sent: list[dict[str, str]]
) -> None:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"contact": "Mia"})
    helpdesk = ChangedElsewhere()
    assert SyncEngine(db, helpdesk).run().conflicts == 1  # type: ignore[arg-type]

    # Typed again before deciding: the conflict now offers the value typed last.
    outbox.set_fields(db, 7, {"contact": "Mia J.", "parts_used": "Fuser"})
    [conflict] = conflicts.open_conflicts(db, 7)
    assert (conflict.mine, conflict.theirs) == ("Mia J.", "Front desk")

    conflicts.resolve(db, 7, "contact", choice)  # type: ignore[arg-type]
    SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    # The decision went once; the field typed with it that was not in conflict went too.
    assert helpdesk.updates == [{"parts_used": "Fuser"}, *sent]
    expected = "Front desk" if choice == "theirs" else "Mia J."
    assert helpdesk.ticket.fields["contact"] == expected
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None and visit.contact == expected
    assert outbox.rows(db) == [] and conflicts.open_conflicts(db, 7) == []
    db.close()


class SevenGivenAway(HelpdeskDouble):
    """Visit 7 went to a colleague; visit 8, which shares a printer with it, is ours."""

    def __init__(self, refusal: RejectedError) -> None:
        super().__init__()
        self.refusal = refusal
        self.links: list[tuple[int, int]] = []

    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        if ticket_id == 7:
            raise self.refusal
        self.updates.append({"ticket": ticket_id, **changes})

    def link_asset(self, ticket_id: int, asset_id: int) -> None:
        self.links.append((ticket_id, asset_id))


@pytest.mark.parametrize(
    "refusal",
    [
        RejectedError("ticket #7 is no longer yours", status=403, cause=Cause.REASSIGNED),
        RejectedError("Status 'stalled' needs a reason"),
    ],
)
def test_one_visits_refusal_holds_nothing_of_a_visit_sharing_its_equipment(
    tmp_path: Path, refusal: RejectedError
) -> None:
    """The asset link joins #7's and #8's changes into one sequence (their order is the
    asset's); #7's refusal was then pinned on #8's change, which never went."""
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7))
        ticket_store.apply_remote_ticket(db, remote_ticket(8))
        asset_store.upsert_remote_asset(db, remote_asset(1, ticket_ids=()), in_inventory=True)
    outbox.set_fields(db, 7, {"status": "stalled"})
    link_asset(db, 7, 1)
    link_asset(db, 8, 1)
    outbox.set_fields(db, 8, {"parts_used": "Fuser"})
    helpdesk = SevenGivenAway(refusal)

    report = SyncEngine(db, helpdesk, pullers=[]).run()  # type: ignore[arg-type]

    assert {"ticket": 8, "parts_used": "Fuser"} in helpdesk.updates
    assert [r.split(":")[0] for r in report.rejected] == ["#7"]
    assert outbox.held_behind(outbox.rows(db)) == {}
