"""Deciding a conflict on a linked field (owner, visit window, status) ends it.

A "keep mine" used to be queued against the values shown while the conflict was open
(a linked field still in its own conflict shows mine; a visit given away is never pulled
again), so the linked rule met the same difference at every sync and the decision came
back as a new conflict reading "base 09:00 | theirs 09:00".  Over a double of our
Connector; the same against the real RT: tests/integration/test_keep_mine_linked.py;
the base it is merged against: tests/sync/test_decided_base.py.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from sync import conflicts, outbox
from sync.connectors.base import RemoteTicket
from sync.engine import SyncEngine
from sync.errors import ConflictError
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket

SEEN = {
    "owner": "alice",
    "visit_start": "2026-12-07T14:00:00Z",
    "visit_end": "2026-12-07T15:00:00Z",
    "status": "open",
}
MINE = "2026-12-07T10:00:00Z"
NINE, NOON = "2026-12-07T09:00:00Z", "2026-12-07T12:00:00Z"


class MovedHelpdesk(HelpdeskDouble):
    """The supervisor moved visit 7 to 09:00-12:00 (and maybe gave it to ``owner``)."""

    def __init__(self, owner: str = "alice") -> None:
        super().__init__()
        fields = {**SEEN, "visit_start": NINE, "visit_end": NOON, "owner": owner}
        self.ticket = dataclasses.replace(remote_ticket(**SEEN), fields=fields, etag="101")
        self.owner = owner

    def owned_ticket_ids(self) -> set[int]:
        return {7} if self.owner == "alice" else set()

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


def laptop_in_conflict(tmp_path: Path, helpdesk: MovedHelpdesk) -> Any:
    """Alice, offline, put visit 7 on hold and moved its start; the helpdesk had moved it."""
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(**SEEN))
    outbox.set_fields(db, 7, {"status": "stalled"})
    outbox.set_fields(db, 7, {"visit_start": MINE})
    assert SyncEngine(db, helpdesk).run().conflicts == 2  # type: ignore[arg-type]
    return db


def test_keep_mine_on_linked_fields_is_sent_once_and_ends_the_conflicts(tmp_path: Path) -> None:
    helpdesk = MovedHelpdesk()
    db = laptop_in_conflict(tmp_path, helpdesk)

    assert conflicts.resolve(db, 7, "visit_start", "mine")
    assert conflicts.resolve(db, 7, "status", "mine")
    for _ in range(2):
        assert SyncEngine(db, helpdesk).run().conflicts == 0  # type: ignore[arg-type]

    assert conflicts.open_conflicts(db) == [] and outbox.rows(db) == []
    assert helpdesk.updates == [{"visit_start": MINE}, {"status": "stalled"}]
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None
    assert (visit.owner, visit.visit_start, visit.visit_end, visit.status) == (
        "alice",
        MINE,
        NOON,
        "stalled",
    )
    db.close()


def test_keep_mine_on_a_visit_given_away_is_refused_at_once_saying_what_works(
    tmp_path: Path,
) -> None:
    helpdesk = MovedHelpdesk(owner="bob")
    db = laptop_in_conflict(tmp_path, helpdesk)

    with pytest.raises(outbox.InvalidChange, match=r"#7 has left your visits.*Take theirs"):
        conflicts.resolve(db, 7, "visit_start", "mine")
    assert {c.field for c in conflicts.open_conflicts(db)} == {"status", "visit_start"}, (
        "nothing promised, nothing decided"
    )
    for name in ("visit_start", "status"):
        assert not conflicts.resolve(db, 7, name, "theirs")
    for _ in range(2):
        assert SyncEngine(db, helpdesk).run().conflicts == 0  # type: ignore[arg-type]
    assert conflicts.open_conflicts(db) == [] and helpdesk.updates == []
    db.close()


def test_on_a_visit_given_away_the_refusal_names_the_choice_that_ends_it(tmp_path: Path) -> None:
    """When our write had replaced theirs (the If-Match race), the helpdesk holds ours:
    taking theirs would send theirs back, which the visit's new owner's rights forbid."""
    db = laptop_in_conflict(tmp_path, MovedHelpdesk(owner="bob"))
    (base,) = db.execute("SELECT base FROM tickets WHERE id = 7").fetchone()
    db.execute(
        "UPDATE tickets SET base = ? WHERE id = 7",
        [json.dumps({**json.loads(base), "visit_start": MINE})],
    )
    with pytest.raises(outbox.InvalidChange, match=r"has left your visits") as refused:
        conflicts.resolve(db, 7, "visit_start", "theirs")
    assert "Keep mine to end this conflict" in str(refused.value)  # not "Take theirs" again
    assert MINE not in str(refused.value)  # said in the laptop's time, not as a UTC stamp
    conflicts.resolve(db, 7, "visit_start", "mine")
    assert "visit_start" not in [c.field for c in conflicts.open_conflicts(db)]
