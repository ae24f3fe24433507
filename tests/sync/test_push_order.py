"""Push order with a rejected field change, over an in-memory double of our Connector."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sync import outbox
from sync.connectors.base import ChangedTickets, ChecklistTemplates, NoteRequest, RelatedTickets
from sync.engine import SyncEngine
from sync.errors import RejectedError
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
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

    def add_note(self, note: NoteRequest) -> int:
        self.notes.append(note.content)
        return 1000 + len(self.notes)

    def changed_tickets(self, since: str | None, after_id: int) -> ChangedTickets:
        return ChangedTickets([], None)

    def owned_ticket_ids(self) -> set[int]:
        return {7}

    def changed_articles(self, since: str | None) -> list[Any]:
        return []

    def checklist_templates(self, since: str | None, class_id: int | None) -> ChecklistTemplates:
        return ChecklistTemplates(None, [])

    def related_tickets(self, *_query: Any) -> RelatedTickets:
        return RelatedTickets([], None)


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
