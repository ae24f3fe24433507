"""A change whose sending never reached the helpdesk is still the technician's to correct.

The helpdesk refused the connection, or refused the credentials before doing anything:
nothing of the note, the new ticket or the KB draft is on RT, so it can still be
edited or discarded, as a change never sent.  One whose request may have been
received (a 5xx) stays in doubt: neither edited nor discarded, looked up before it
is sent again.
"""

from __future__ import annotations

import pytest

from sync import outbox
from sync.changes.article import draft_article
from sync.connectors.rt.common import ticket_sql_quote
from sync.engine import SyncEngine
from sync.outbox import InvalidChange
from sync.store import tickets as ticket_store
from tests.faults.checks import Rig, notes_on_helpdesk, outbox_row, unique, wait_until_due
from tests.faults.proxy import comment_on

pytestmark = pytest.mark.rt


def test_a_note_and_a_new_ticket_tried_while_unreachable_are_edited_and_discarded(
    rig: Rig,
) -> None:
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[0].id
    worked = helpdesk.fetch_ticket(ticket).time_worked
    typo = unique("Swapped the fuser; pritned 20 pages")
    fixed = unique("Swapped the fuser; printed 20 pages, no smear.")
    note = outbox.add_note(db, ticket, typo, author="alice", minutes=30)
    subject = unique("Found on site: label printer jams")
    local_id = outbox.create_ticket(db, subject=subject, content="Jams", owner="alice")
    rig.proxy.refuse_all()

    assert rig.sync().offline
    rig.proxy.clear()

    tried = outbox_row(db, note)
    new_ticket = next(r for r in outbox.rows(db) if r.ticket_ref == local_id)
    assert tried.state == new_ticket.state == "pending"
    assert outbox.can_edit(tried) and outbox.can_discard(new_ticket)
    outbox.edit(db, tried.seq, {"content": fixed, "time_taken": 45})
    outbox.discard(db, new_ticket.seq)

    wait_until_due(db)
    report = rig.sync()

    assert report.ok and report.pushed == 1, report
    assert notes_on_helpdesk(helpdesk, ticket, typo) == []
    assert len(notes_on_helpdesk(helpdesk, ticket, fixed)) == 1
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 45
    assert helpdesk.search_tickets(f"Subject = {ticket_sql_quote(subject)}", "Subject") == []
    assert ticket_store.get_visit(db, local_id) is None


def test_a_note_refused_for_its_credentials_is_still_unsent(rig: Rig) -> None:
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[1].id
    text = unique("Cleaned the feed rollers.")
    note = outbox.add_note(db, ticket, text, author="alice", minutes=15)
    rig.proxy.replace_status(comment_on(ticket), 401, times=1)  # RT: not signed in

    assert rig.sync().auth_failed
    assert outbox.can_discard(outbox_row(db, note))

    assert rig.sync().ok
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1
    assert outbox_row(db, note).state == "done"


def test_a_note_the_helpdesk_may_have_received_stays_in_doubt(rig: Rig) -> None:
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[2].id
    text = unique("Reseated the drum unit.")
    note = outbox.add_note(db, ticket, text, author="alice", minutes=10)
    rig.proxy.replace_status(comment_on(ticket), 502, times=1)  # a gateway: RT may have it

    assert rig.sync().retry_later == 1  # looked up, and left for RT to finish it
    sent = outbox_row(db, note)
    assert sent.state == "in_flight" and outbox.in_doubt(sent)
    assert not outbox.can_edit(sent) and not outbox.can_discard(sent)
    with pytest.raises(InvalidChange, match="may already be on the helpdesk"):
        outbox.discard(db, sent.seq)

    wait_until_due(db)
    assert SyncEngine(db, rig.connector, resend_after_s=0).run().ok
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1


def test_a_kb_draft_tried_while_unreachable_is_still_a_draft_to_correct(rig: Rig) -> None:
    db, helpdesk = rig.db, rig.helpdesk
    name = unique("Label printer: clearing a jam")
    draft_article(db, name=name, summary="Jams", content="Open the lid; pull the lable out.")
    [row] = [r for r in outbox.rows(db) if r.kind == "article"]
    rig.proxy.refuse_all()

    assert rig.sync().offline
    rig.proxy.clear()

    tried = outbox_row(db, row.uuid)
    assert tried.state == "pending" and outbox.can_edit(tried)
    outbox.edit(db, tried.seq, {"content": "Open the lid; pull the label out."})
    wait_until_due(db)
    assert rig.sync().ok
    published = helpdesk.find_article(name)
    assert published is not None
    assert "pull the label out" in helpdesk.fetch_article(published).content
