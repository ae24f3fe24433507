"""A ticket opened offline whose creation's answer was lost is found again a sync later.

By then a colleague may have changed it on the helpdesk.  The change waiting here was
merged against RT's values of that later moment, and so overwrote the colleague's edit
with no conflict (a review of the day's diff).  Now it is merged against what was sent.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sync import outbox
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.sync.test_new_ticket_base import HelpdeskDouble, push


def test_a_colleagues_edit_before_the_ticket_is_found_again_is_a_conflict(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "fd.db")
    local_id = outbox.create_ticket(db, subject="UPS beeping", content="", owner="alice")
    outbox.set_fields(db, local_id, {"site": "Acme Main"})  # typed later, offline
    helpdesk = HelpdeskDouble()
    helpdesk.lose_reads = 99  # the laptop drops off right after the create
    push(db, helpdesk)
    (ticket_id,) = helpdesk.tickets
    made = helpdesk.tickets[ticket_id]
    helpdesk.tickets[ticket_id] = dataclasses.replace(
        made,
        etag="600",
        fields={**made.fields, "site": "Acme Annex"},  # the dispatcher's
    )
    helpdesk.lose_reads = 0
    conflicts = 0
    for _ in range(4):  # until every row has had its try
        db.execute("UPDATE outbox SET next_attempt_at = 0")
        conflicts += push(db, helpdesk).conflicts
    assert helpdesk.tickets[ticket_id].fields["site"] == "Acme Annex", "not overwritten"
    assert conflicts == 1
    assert ticket_store.get_visit(db, local_id) is None  # renumbered: found once, not twice
