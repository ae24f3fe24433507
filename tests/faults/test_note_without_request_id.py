"""A note RT took without its Client Request Id is not sent twice, nor taken for another.

The admin takes ModifyCustomField from the field queue's owners: RT still answers a
technician's note with 201, but silently drops its transaction fields -- the Client
Request Id the lost-reply lookup finds it by.  Looking only by that id, a lost reply
meant a second copy of the note and of its time.  Looking by the technician's own
text instead must not take an older note of the same words for it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from sync import outbox
from sync.changes.note import SENT_ONTO
from sync.connectors.base import NoteRequest
from sync.connectors.rt import RTConnector
from sync.connectors.rt.common import ticket_sql_quote
from sync.engine import SyncEngine
from sync.errors import Cause
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.outbox import set_payload
from tests.faults.checks import (
    Rig,
    notes_on_helpdesk,
    notes_on_laptop,
    outbox_row,
    proxy_actions,
    unique,
)
from tests.faults.proxy import Predicate, comment_on
from tests.integration import rt_admin

pytestmark = pytest.mark.rt

RIGHT = "ModifyCustomField"


@pytest.fixture
def owners_cannot_set_fields(rig: Rig) -> Iterator[Rig]:
    rt_admin.revoke_owner_rights(rig.rt, RIGHT)
    try:
        yield rig
    finally:
        rt_admin.grant_owner_rights(rig.rt, RIGHT)


def the_second(match: Predicate) -> Predicate:
    """The second request ``match`` matches, and no other."""
    seen = 0

    def second(method: str, path: str) -> bool:
        nonlocal seen
        seen += match(method, path)
        return match(method, path) and seen == 2

    return second


def request_id() -> str:
    return str(uuid.uuid4())


def newest_txn(helpdesk: RTConnector, ticket: int) -> int:
    return helpdesk.fetch_history(ticket, 0)[-1].id


def send_note(helpdesk: RTConnector, ticket: int, text: str, minutes: int = 0) -> int:
    return helpdesk.add_note(
        NoteRequest(ticket_id=ticket, client_request_id=request_id(), content=text,
                    time_taken=minutes)
    )  # fmt: skip


def test_a_note_rt_took_without_its_id_is_not_sent_again(owners_cannot_set_fields: Rig) -> None:
    rig = owners_cannot_set_fields
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[1].id
    worked = helpdesk.fetch_ticket(ticket).time_worked
    text = unique("Replaced the fuser; printed 20 test pages, no smear.")
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=45)

    rig.proxy.drop_reply_for(comment_on(ticket), times=1)
    lost = rig.sync()
    assert not lost.ok and outbox_row(db, row_uuid).state == "in_flight"
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)

    later = SyncEngine(db, rig.connector, resend_after_s=0).run()  # its resend moment

    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["dropped"], "sent twice"
    assert [n.id for n in notes_on_helpdesk(helpdesk, ticket, text)] == [stored.id]
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 45
    # The row knows the version it was first sent onto: the note after it is this one,
    # found and done without asking the technician.
    row = outbox_row(db, row_uuid)
    assert later.ok and later.rejected == [], later
    assert (row.state, row.result) == ("done", str(stored.id))
    (shown,) = notes_on_laptop(db, ticket, text)
    assert shown.id == stored.id


def test_a_row_without_the_version_it_was_sent_onto_asks_the_technician(
    owners_cannot_set_fields: Rig,
) -> None:
    """A note in doubt from before its row kept that version: nothing is guessed."""
    rig = owners_cannot_set_fields
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[1].id
    text = unique("Replaced the fuser; printed 20 test pages, no smear.")
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=45)
    rig.proxy.drop_reply_for(comment_on(ticket), times=1)
    assert not rig.sync().ok
    sent = outbox_row(db, row_uuid)
    with transaction(db):
        set_payload(db, sent.seq, {k: v for k, v in sent.payload.items() if k != SENT_ONTO})
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)

    later = SyncEngine(db, rig.connector, resend_after_s=0).run()

    assert [n.id for n in notes_on_helpdesk(helpdesk, ticket, text)] == [stored.id]
    row = outbox_row(db, row_uuid)
    assert later.rejected and row.state == "rejected"
    assert row.error_cause == Cause.NO_RIGHT
    assert f"transaction {stored.id}" in (row.last_error or "")


def test_two_notes_of_the_same_words_are_each_found_as_themselves(
    owners_cannot_set_fields: Rig,
) -> None:
    """A timer's second "45 min" sent right after the first, in the same sync (no pull in
    between), its answer lost: its lookup does not take the first for it."""
    rig = owners_cannot_set_fields
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[2].id
    worked = helpdesk.fetch_ticket(ticket).time_worked
    text = unique("Time on site: 45 min (visit timer)")
    first = outbox.add_note(db, ticket, text, author="alice", minutes=45)
    second = outbox.add_note(db, ticket, text, author="alice", minutes=45)
    rig.proxy.drop_reply_for(the_second(comment_on(ticket)), times=1)
    assert not rig.sync().ok
    assert outbox_row(db, first).state == "done"
    assert outbox_row(db, second).state == "in_flight"

    assert SyncEngine(db, rig.connector, resend_after_s=0).run().ok

    ids = [n.id for n in notes_on_helpdesk(helpdesk, ticket, text)]
    assert len(ids) == 2, "sent twice, or lost"
    assert [outbox_row(db, first).result, outbox_row(db, second).result] == [str(i) for i in ids]
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 90


def test_found_by_text_only_after_the_version_it_was_sent_onto(
    owners_cannot_set_fields: Rig,
) -> None:
    helpdesk, ticket = owners_cannot_set_fields.helpdesk, owners_cannot_set_fields.visits[2].id
    text = unique("Time on site: 45 min (visit timer)")
    older = send_note(helpdesk, ticket, text, 45)  # the same words, earlier: another note
    sent_onto = newest_txn(helpdesk, ticket)

    # Ours never reached RT: the older note is not taken for it.
    assert helpdesk.find_note(ticket, request_id(), text, after_txn=sent_onto) is None
    assert older <= sent_onto

    ours = send_note(helpdesk, ticket, text, 45)  # RT takes it, without its id
    assert helpdesk.find_note(ticket, request_id(), text, after_txn=sent_onto) == ours
    assert helpdesk.find_note(ticket, request_id(), text, after_txn=ours) is None


def test_a_note_with_another_request_id_is_not_taken_for_ours(rig: Rig) -> None:
    """Notes RT kept the id of are other changes: a lost request is still sent again."""
    helpdesk, ticket = rig.helpdesk, rig.visits[3].id
    text = unique("Time on site: 30 min (visit timer)")
    send_note(helpdesk, ticket, text, 30)  # RT keeps its own Client Request Id

    assert helpdesk.find_note(ticket, request_id(), text) is None


def ticket_posts(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/ticket")


def test_a_ticket_rt_made_without_its_id_is_not_made_again(
    owners_cannot_set_fields: Rig,
) -> None:
    """The same hole for a ticket opened offline: its Client Ticket Id dropped, its
    answer lost, the lookup by id finds nothing, and the resend made it twice."""
    rig = owners_cannot_set_fields
    db, helpdesk = rig.db, rig.helpdesk
    subject = unique("Badge reader at the side door dead")
    local_id = outbox.create_ticket(db, subject=subject, content="No LED.", owner="alice")
    rig.proxy.drop_reply_for(ticket_posts, times=1)
    assert not rig.sync().ok  # RT made it; its answer never came

    later = SyncEngine(db, rig.connector, resend_after_s=0).run()  # its resend moment

    assert proxy_actions(rig.proxy, ticket_posts) == ["dropped"], "made twice"
    made = helpdesk.search_tickets(f"Subject = {ticket_sql_quote(subject)}", "id")
    assert len(made) == 1
    assert later.ok, later
    assert [r for r in outbox.rows(db) if r.ticket_ref in (local_id, int(made[0]["id"]))] == []


def test_another_ticket_of_the_same_subject_is_not_taken_for_the_lost_one(
    owners_cannot_set_fields: Rig,
) -> None:
    """Two tickets opened offline with one subject: the first made and answered, the
    second's answer lost. Without ids, the lookup must not take the first for it."""
    rig = owners_cannot_set_fields
    db, helpdesk = rig.db, rig.helpdesk
    subject = unique("Printer jams")
    outbox.create_ticket(db, subject=subject, content="Tray 1.", owner="alice")
    assert rig.sync().ok
    second = outbox.create_ticket(db, subject=subject, content="Tray 2.", owner="alice")
    rig.proxy.drop_reply_for(ticket_posts, times=1)
    assert not rig.sync().ok

    later = SyncEngine(db, rig.connector, resend_after_s=0).run()

    assert later.ok, later
    assert proxy_actions(rig.proxy, ticket_posts) == ["forwarded", "dropped"], "made twice"
    made = sorted(int(t["id"]) for t in helpdesk.search_tickets(
        f"Subject = {ticket_sql_quote(subject)}", "id"
    ))  # fmt: skip
    assert len(made) == 2
    held = sorted(v.id for v in ticket_store.list_visits(db) if v.subject == subject)
    assert held == made and second not in held
    contents = {helpdesk.fetch_history(t, 0)[0].body.strip() for t in made}
    assert contents == {"Tray 1.", "Tray 2."}
