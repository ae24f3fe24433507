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
from sync.connectors.base import NoteRequest
from sync.connectors.rt import RTConnector
from sync.engine import SyncEngine
from sync.errors import Cause
from tests.faults.checks import Rig, notes_on_helpdesk, outbox_row, proxy_actions, unique
from tests.faults.proxy import comment_on
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
    # Without the version it was sent onto, RT cannot show it is this note rather than
    # an older one of the same words: the technician is told, nothing is guessed.
    row = outbox_row(db, row_uuid)
    assert later.rejected and row.state == "rejected"
    assert row.error_cause == Cause.NO_RIGHT
    assert f"transaction {stored.id}" in (row.last_error or "")


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
