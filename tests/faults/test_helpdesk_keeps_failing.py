"""A change the helpdesk answers with a server error (5xx) at every sending.

It was sent again every few minutes for ever: "sent without an answer", the visit's
later changes held behind it, and Discard refused ("cannot be discarded now").  After
a few sendings in a row that failed so, each looked for on RT and not found, it is
refused with words saying so; it can be discarded or exported, and the visit's later
changes go.  One RT kept (its answer turned into a 500) is found, never refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import outbox
from sync.engine import SyncEngine, SyncReport
from sync.errors import Cause
from tests.faults.checks import Rig, notes_on_helpdesk, outbox_row, unique, wait_until_due
from tests.faults.proxy import comment_on

pytestmark = pytest.mark.rt

FAILING = {"message": "Transaction not committed"}
# Sendings failed so, each not found on RT, before the change is refused
# (``sync.changes.kind.SERVER_FAILURES_BEFORE_REFUSAL``).
SERVER_FAILURES_BEFORE_REFUSAL = 3


def sync_again(rig: Rig) -> SyncReport:
    """The next sync once its backoff and its wait before sending again are over."""
    wait_until_due(rig.db)
    return SyncEngine(rig.db, rig.connector, resend_after_s=0).run()


def test_a_note_rt_keeps_failing_on_is_refused_and_can_be_discarded(
    rig: Rig, tmp_path: Path
) -> None:
    db, helpdesk, proxy = rig.db, rig.helpdesk, rig.proxy
    ticket = rig.visits[0].id
    text = unique("Printer photos, front and back.")
    note = outbox.add_note(db, ticket, text, author="alice", minutes=10)
    status = "open" if rig.visits[0].status == "stalled" else "stalled"
    assert outbox.set_fields(db, ticket, {"status": status}) is not None  # held behind it
    proxy.replace_status(comment_on(ticket), 500, body=FAILING)  # never forwarded to RT

    refused: list[str] = []
    for _sync in range(SERVER_FAILURES_BEFORE_REFUSAL + 2):
        refused = sync_again(rig).rejected
        if refused:
            break
        row = outbox_row(db, note)
        assert row.state == "in_flight" and not outbox.can_discard(row)

    sendings = [s for s in proxy.seen() if comment_on(ticket)(s.method, s.path)]
    assert len(sendings) == SERVER_FAILURES_BEFORE_REFUSAL  # then refused, not sent again
    [said] = refused
    assert "the helpdesk failed on it 3 times in a row (HTTP 500" in said
    assert "it is not on the helpdesk" in said
    assert "Retry it later, export it, or discard it" in said
    row = outbox_row(db, note)
    assert row.state == "rejected" and row.error_cause == Cause.HELPDESK_FAILING
    assert outbox.choices_for(row) == ("export",)
    # The visit's later change was not held behind it.
    assert helpdesk.fetch_ticket(ticket).fields["status"] == status
    assert notes_on_helpdesk(helpdesk, ticket, text) == []

    outbox.export_note(db, row.seq, tmp_path / "note.md")
    assert text in (tmp_path / "note.md").read_text()
    outbox.discard(db, row.seq)
    assert outbox.rows(db) == []


def test_a_retry_after_the_helpdesk_is_mended_sends_it_once(rig: Rig) -> None:
    db, helpdesk, proxy = rig.db, rig.helpdesk, rig.proxy
    ticket = rig.visits[1].id
    text = unique("Toner replaced, test page fine.")
    note = outbox.add_note(db, ticket, text, author="alice")
    proxy.replace_status(comment_on(ticket), 502, times=SERVER_FAILURES_BEFORE_REFUSAL)
    for _sync in range(SERVER_FAILURES_BEFORE_REFUSAL + 2):
        if sync_again(rig).rejected:
            break
    assert outbox_row(db, note).state == "rejected"
    outbox.retry(db, outbox_row(db, note).seq)

    assert sync_again(rig).ok
    assert outbox_row(db, note).state == "done"
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1


def test_a_note_rt_kept_behind_its_server_errors_is_found_never_refused(rig: Rig) -> None:
    db, helpdesk, proxy = rig.db, rig.helpdesk, rig.proxy
    ticket = rig.visits[2].id
    text = unique("Switch port 12 patched to the new drop.")
    note = outbox.add_note(db, ticket, text, author="alice")
    # RT takes it, and its answer is turned into a 500 (a proxy after RT's work).
    proxy.replace_status(comment_on(ticket), 500, body=FAILING, forward=True)

    for _sync in range(SERVER_FAILURES_BEFORE_REFUSAL + 1):
        assert not sync_again(rig).rejected

    assert outbox_row(db, note).state == "done"
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1
