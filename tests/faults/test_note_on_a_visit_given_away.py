"""A note whose answer was lost, on a visit the office then gives to someone else.

RT kept the note (and its time) before the visit went to bob; alice may no
longer see bob's comments, so her lookup finds nothing, and that proves
nothing.  The note must not go again, nor to a new ticket: she is told it may
already be there, and is offered only what cannot hold it twice.  After every
choice offered, RT holds the note and its 30 minutes exactly once.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import outbox
from sync.engine import SyncEngine, SyncReport
from sync.errors import Cause
from sync.outbox import InvalidChange, OutboxRow
from tests.faults.checks import Rig, notes_on_helpdesk, outbox_row, proxy_actions, unique
from tests.faults.proxy import comment_on
from tests.integration.helpers import comments_with, connector, server_ticket, supervisor_update

pytestmark = pytest.mark.rt

MINUTES = 30


def sync_at_once(rig: Rig) -> SyncReport:
    """A sync that may send a row in doubt again at once (as one after RT's wait would)."""
    return SyncEngine(rig.db, rig.connector, resend_after_s=0).run()


def follow_ups(rig: Rig, ticket: int) -> list[dict[str, object]]:
    found = connector(rig.rt, "supervisor").search_tickets(
        f"Subject LIKE 'Follow-up of #{ticket}'", "Subject"
    )
    return [t for t in found if str(t["Subject"]).startswith(f"Follow-up of #{ticket}")]


def assert_once_on_rt(rig: Rig, ticket: int, text: str, worked: int) -> None:
    assert len(comments_with(rig.rt, ticket, text)) == 1, "RT holds the note twice (or lost it)"
    assert server_ticket(rig.rt, ticket).time_worked == worked + MINUTES, "its time counted twice"
    assert follow_ups(rig, ticket) == [], "the note was moved to a new ticket as well"


def refused_as_maybe_there(rig: Rig, row_uuid: str, ticket: int) -> OutboxRow:
    row = outbox_row(rig.db, row_uuid)
    assert (row.state, row.error_cause) == ("rejected", Cause.REASSIGNED), row
    said = row.last_error or ""
    assert f"may already be on #{ticket}" in said and f"{MINUTES} min" in said, said
    assert "export it" in said and f"ask the office to look for it on #{ticket}" in said, said
    assert "new ticket" not in said and "as a comment anyway" not in said, said
    assert outbox.choices_for(row) == ("export",), "a choice offered could hold it twice"
    return row


def test_a_note_rt_kept_is_not_sent_again_nor_moved_once_the_visit_is_given_away(
    rig: Rig, tmp_path: Path
) -> None:
    ticket = rig.visits[0].id
    text = unique("Replaced the UPS batteries; runtime test 14 min at full load.")
    worked = rig.helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(rig.db, ticket, text, author="alice", minutes=MINUTES)

    rig.proxy.drop_reply_for(comment_on(ticket), times=1)
    sync_at_once(rig)
    assert len(notes_on_helpdesk(rig.helpdesk, ticket, text)) == 1, "RT committed the note"
    assert outbox_row(rig.db, row_uuid).state == "in_flight"
    rig.proxy.clear()

    supervisor_update(rig.rt, ticket, {"owner": "bob"})  # the office gives the visit away
    report = sync_at_once(rig)

    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["dropped"], "the note went again"
    assert any(f"may already be on #{ticket}" in said for said in report.rejected), report
    seq = refused_as_maybe_there(rig, row_uuid, ticket).seq
    assert_once_on_rt(rig, ticket, text, worked)

    # Every way that could make a second copy is refused here too.
    for way in (outbox.send_as_comment, outbox.move_to_new_ticket):
        with pytest.raises(InvalidChange):
            way(rig.db, seq)
    sync_at_once(rig)
    assert_once_on_rt(rig, ticket, text, worked)

    # Export: the note is kept in a file, nothing goes to RT.
    exported = tmp_path / "note.md"
    outbox.export_note(rig.db, seq, exported)
    assert text in exported.read_text(encoding="utf-8")
    assert f"{MINUTES} min" in exported.read_text(encoding="utf-8")
    sync_at_once(rig)
    assert_once_on_rt(rig, ticket, text, worked)
    refused_as_maybe_there(rig, row_uuid, ticket)

    # Retry (the office found nothing): RT refuses alice on bob's ticket; still said plainly.
    outbox.retry(rig.db, seq)
    sync_at_once(rig)
    assert_once_on_rt(rig, ticket, text, worked)
    assert "RT refused it again" in (refused_as_maybe_there(rig, row_uuid, ticket).last_error or "")

    # The visit given back, Retry looks with her rights again: found, not sent a second time.
    supervisor_update(rig.rt, ticket, {"owner": "alice"})
    outbox.retry(rig.db, seq)
    assert sync_at_once(rig).rejected == []
    assert outbox_row(rig.db, row_uuid).state == "done"
    assert_once_on_rt(rig, ticket, text, worked)


def test_discarding_it_leaves_rt_holding_it_once(rig: Rig) -> None:
    ticket = rig.visits[1].id
    text = unique("Re-terminated the patch panel port 12; link at 1 Gb/s.")
    worked = rig.helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(rig.db, ticket, text, author="alice", minutes=MINUTES)
    rig.proxy.drop_reply_for(comment_on(ticket), times=1)
    sync_at_once(rig)
    rig.proxy.clear()
    supervisor_update(rig.rt, ticket, {"owner": "bob"})
    sync_at_once(rig)
    row = refused_as_maybe_there(rig, row_uuid, ticket)

    outbox.discard(rig.db, row.seq)
    sync_at_once(rig)

    assert outbox.rows(rig.db) == []
    assert_once_on_rt(rig, ticket, text, worked)
