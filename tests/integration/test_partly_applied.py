"""RT keeps a note and refuses a field sent with it: the note is delivered, once.

A checklist travels as a note that also sets the ticket's *Checklist State*.  On
a visit given to bob, a queue right lets alice comment, but the field is the
owner's to set: RT makes the comment, then answers 201 with "Permission Denied"
for the field.  Taken for a refusal, the note would wait for a retry that posts
it a second time; it is delivered, and the refused field is told.
"""

from __future__ import annotations

import uuid

import pytest

from devrt.instance import RunningRT
from sync import outbox
from tests.integration import rt_admin, test_refusal_causes
from tests.integration.helpers import Technician, comments_with, server_ticket, supervisor_update
from tests.integration.test_refusal_causes import an_open_visit

pytestmark = pytest.mark.rt

alice = test_refusal_causes.alice  # a fresh laptop, synced


def test_a_checklist_rt_kept_on_a_visit_given_away_is_delivered_once(
    rt: RunningRT, alice: Technician
) -> None:
    ticket = an_open_visit(alice)
    text = f"Checklist: Printer PM\nProgress: 11/11 done {uuid.uuid4().hex[:8]}"
    row_uuid = outbox.add_note(
        alice.db,
        ticket,
        text,
        author="alice",
        kind="checklist",
        extra={"checklist_id": 1, "revision": 1, "ticket_fields": {"Checklist State": "complete"}},
    )
    supervisor_update(rt, ticket, {"owner": "bob"})
    rt_admin.grant_technicians(rt, "CommentOnTicket")
    try:
        report = alice.sync()
        again = alice.sync()
    finally:
        rt_admin.revoke_technicians(rt, "CommentOnTicket")

    assert len(comments_with(rt, ticket, text)) == 1
    assert report.rejected == [], "a note RT kept was taken for refused"
    [notice] = report.notices
    assert "saved on the helpdesk" in notice and "Permission Denied" in notice
    # Delivered: done, or gone with the visit, which left the laptop (given to bob) and
    # takes its sent changes with it (retention's rule) -- never waiting to be sent again.
    rows = [r for r in outbox.rows(alice.db, include_done=True) if r.uuid == row_uuid]
    assert all(r.state == "done" for r in rows)
    assert again.pushed == 0 and again.notices == []
    fields = server_ticket(rt, ticket).fields
    assert fields.get("Checklist State") != "complete", "RT set a field it refused"
