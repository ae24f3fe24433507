"""A note refused because its ticket went to someone else: what else it can become.

Against the real RT: sent anyway as a comment (refused again without a queue
right, accepted with one), moved to a new ticket that refers to the old one,
each reaching RT exactly once even when RT's answer is lost.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.attachments import import_bytes
from sync.errors import Cause
from sync.store import tickets as ticket_store
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration import rt_admin, test_refusal_causes
from tests.integration.helpers import Technician, comments_with, connector, supervisor_update

pytestmark = pytest.mark.rt


alice = test_refusal_causes.alice  # a fresh laptop, synced


def refused_note(
    rt: RunningRT, laptop: Technician, index: int, **extra: object
) -> tuple[int, int, str]:
    """(ticket, outbox seq, text) of a note written here on a visit then given to bob."""
    ticket = [v.id for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open")][
        index
    ]
    text = f"Replaced the patch lead in bay 3. {uuid.uuid4().hex[:8]}"
    outbox.add_note(laptop.db, ticket, text, author="alice", minutes=15, **extra)  # type: ignore[arg-type]
    seq = outbox.rows(laptop.db)[-1].seq
    supervisor_update(rt, ticket, {"owner": "bob"})
    laptop.sync()
    row = outbox.get_row(laptop.db, seq)
    assert row is not None and row.state == "rejected" and row.error_cause == Cause.REASSIGNED
    assert outbox.choices_for(row) == ("as_comment", "to_new_ticket", "export")
    return ticket, seq, text


def test_as_a_comment_refused_again_says_so_and_sends_nothing(
    rt: RunningRT, alice: Technician
) -> None:
    ticket, seq, text = refused_note(rt, alice, 0)

    outbox.send_as_comment(alice.db, seq)
    alice.sync()

    row = outbox.get_row(alice.db, seq)
    assert row is not None and row.state == "rejected"
    assert (row.last_error or "").startswith("RT refused it as a comment too")
    assert "assigned to bob" in (row.last_error or "") and "new ticket" in (row.last_error or "")
    assert outbox.choices_for(row) == ("to_new_ticket", "export")  # not a third try
    assert comments_with(rt, ticket, text) == []


def test_as_a_comment_where_a_queue_right_allows_it_lands_once_even_when_the_answer_is_lost(
    rt: RunningRT, alice: Technician
) -> None:
    ticket, seq, text = refused_note(rt, alice, 1)
    lost_ticket, lost_seq, lost_text = refused_note(rt, alice, 2)
    rt_admin.grant_technicians(rt, "CommentOnTicket")
    try:
        outbox.send_as_comment(alice.db, seq)
        assert alice.sync().pushed == 1
        outbox.send_as_comment(alice.db, lost_seq)
        with FaultProxy(rt.url) as proxy:
            proxy.drop_reply_for(comment_on(lost_ticket), times=1)
            alice.sync(proxy.url)
        alice.sync()
    finally:
        rt_admin.revoke_technicians(rt, "CommentOnTicket")

    assert outbox.get_row(alice.db, seq) is None or outbox.get_row(alice.db, seq).state == "done"  # type: ignore[union-attr]
    assert len(comments_with(rt, ticket, text)) == 1
    # The lost answer cannot be checked on bob's ticket (RT neither keeps
    # alice's Client Request Id there nor shows her its comments): nothing is
    # sent twice, and she is told why.
    assert len(comments_with(rt, lost_ticket, lost_text)) == 1
    row = outbox.get_row(alice.db, lost_seq)
    assert row is not None and row.state == "rejected"
    assert "answer was lost" in (row.last_error or "")
    assert outbox.choices_for(row) == ("export",)  # a new ticket could hold it twice
    assert alice.sync().pushed == 0
    assert len(comments_with(rt, lost_ticket, lost_text)) == 1


def new_tickets_for(rt: RunningRT, ticket: int) -> list[dict[str, object]]:
    found = connector(rt, "supervisor").search_tickets(
        f"Subject LIKE 'Follow-up of #{ticket}:'", "Subject,Owner,TimeWorked"
    )
    return [t for t in found if str(t["Subject"]).startswith(f"Follow-up of #{ticket}:")]


def test_to_a_new_ticket_once_with_time_and_files_even_when_the_answer_is_lost(
    rt: RunningRT, alice: Technician, tmp_path: Path
) -> None:
    photo = import_bytes(tmp_path / "files", b"\x89PNG fake photo", "bay3.png")
    ticket, seq, text = refused_note(rt, alice, 3, attachments=[photo])
    old_subject = ticket_store.get_visit(alice.db, ticket).subject  # type: ignore[union-attr]

    local_id = outbox.move_to_new_ticket(alice.db, seq)

    assert local_id < 0 and outbox.get_row(alice.db, seq) is None
    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(
            lambda m, p: m == "POST" and p.rstrip("/").endswith("/ticket"), times=1
        )
        alice.sync(proxy.url)
    alice.sync()

    [created] = new_tickets_for(rt, ticket)
    assert created["Subject"] == f"Follow-up of #{ticket}: {old_subject}"
    new_id = int(str(created["id"]))
    remote = connector(rt, "supervisor").fetch_ticket(new_id)
    assert remote.fields["owner"] == "alice" and remote.time_worked == 15
    [create] = [
        t for t in connector(rt, "supervisor").fetch_history(new_id, 0) if t.type == "Create"
    ]
    assert text in (create.body or "") and f"#{ticket}" in (create.body or "")
    assert [a.filename for a in create.attachments if a.filename] == ["bay3.png"]
    assert comments_with(rt, ticket, text) == []
    assert outbox.rows(alice.db) == []
    assert ticket_store.get_visit(alice.db, new_id) is not None
    # RT drops the RefersTo link: alice may no longer modify #ticket ($StrictLinkACL).
    assert refers_to(rt, new_id) == []


def refers_to(rt: RunningRT, ticket_id: int) -> list[str]:
    links = connector(rt, "supervisor").http.get(f"ticket/{ticket_id}").body["_hyperlinks"]
    return [str(link.get("id")) for link in links if link.get("ref") == "refers-to"]


def test_to_a_new_ticket_linked_to_the_old_one_where_rt_allows_the_link(
    rt: RunningRT, alice: Technician
) -> None:
    ticket, seq, _ = refused_note(rt, alice, 4)
    outbox.move_to_new_ticket(alice.db, seq)
    rt_admin.grant_technicians(rt, "ModifyTicket")
    try:
        assert alice.sync().pushed == 1
    finally:
        rt_admin.revoke_technicians(rt, "ModifyTicket")
    [created] = new_tickets_for(rt, ticket)
    assert refers_to(rt, int(str(created["id"]))) == [str(ticket)]
