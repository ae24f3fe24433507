"""One visit's checklist worked on two laptops of the same technician (a spare laptop),
against the real RT: the second one sent is not laid silently over the first.

Laptop A sends the whole checklist (complete); laptop B, which never saw A's ticks,
sends one item with a reason.  B's revision is refused, naming what A sent, and RT
keeps A's note and "complete"; Retry on B sends it anyway -- once, even after a lost
reply -- as the revision after A's.  A's correction after that is refused in turn.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.changes.checklist import send_checklists
from sync.connectors.rt import RTConnector
from sync.errors import Cause
from sync.store import checklists as store
from tests.faults.checks import wait_until_due
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration.helpers import Technician, connector
from tests.integration.test_checklists import checklist_notes, checklist_state

pytestmark = pytest.mark.rt

TEMPLATE = "PC install"


def new_pc_install_visit(boss: RTConnector, subject: str) -> int:
    """As the supervisor in RT: a visit for alice whose Visit Type calls for the checklist."""
    reply = boss.http.post(
        "ticket",
        {
            "Queue": "Field Service",
            "Subject": subject,
            "Owner": "alice",
            "Status": "open",
            "Requestor": "customer@example.com",
            "Content": "install the new PC",
            "CustomFields": {"Site": "Spare Laptop Lab", "Visit Type": TEMPLATE},
        },
    )
    return int(reply.body["id"])


def tick_everything(laptop: Technician, ticket: int) -> None:
    (checklist,) = store.checklists(laptop.db, ticket)
    for entry in checklist.items:
        if entry.asks_value:
            value = entry.choices[0] if entry.choices else "42"
            store.set_value(laptop.db, ticket, entry.number, value, by="alice")
        else:
            store.tick(laptop.db, ticket, entry.number, True, by="alice")


def checklist_row(laptop: Technician) -> outbox.OutboxRow:
    (row,) = [r for r in outbox.rows(laptop.db) if r.kind == "checklist"]
    return row


def test_the_spare_laptops_checklist_does_not_silently_replace_the_one_sent_first(
    rt: RunningRT, tmp_path: Path
) -> None:
    boss = connector(rt, "supervisor")
    ticket = new_pc_install_visit(boss, "New PC at reception, worked on two laptops")
    first = Technician(rt, "alice", tmp_path / "laptop")
    spare = Technician(rt, "alice", tmp_path / "spare")
    assert first.sync().ok and spare.sync().ok

    tick_everything(first, ticket)
    assert len(send_checklists(first.db, ticket, author="alice")) == 1
    store.tick(spare.db, ticket, 1, True, by="alice")
    assert len(send_checklists(spare.db, ticket, author="alice", reason="ran out of time")) == 1
    assert first.sync().ok
    assert checklist_state(boss, ticket) == "complete"

    # The spare laptop syncs: its revision is refused, and says what RT holds.
    report = spare.sync()
    assert report.ok and report.pushed == 0
    (refusal,) = report.rejected
    assert "another device sent this checklist" in refusal
    assert "13/13 done; Checklist State complete" in refusal
    assert "set Checklist State from complete to incomplete" in refusal
    assert "as revision 2" in refusal
    row = checklist_row(spare)
    assert (row.state, row.error_cause) == ("rejected", Cause.OVERTAKEN)
    assert refusal == f"#{ticket}: Checklist: {TEMPLATE}: {row.last_error}", "the Outbox says it"
    assert store.checklists(spare.db, ticket)[0].delivery == "refused"
    assert len(checklist_notes(boss, ticket, TEMPLATE)) == 1
    assert checklist_state(boss, ticket) == "complete", "not lowered behind anybody's back"
    assert spare.sync().rejected == [], "refused once: it waits for the technician"
    assert len(checklist_notes(boss, ticket, TEMPLATE)) == 1

    # Another tick there before deciding: the refused revision is replaced, checked again.
    store.tick(spare.db, ticket, 2, True, by="alice")
    assert len(send_checklists(spare.db, ticket, author="alice")) == 1
    assert checklist_row(spare).state == "pending"
    (again,) = spare.sync().rejected
    assert "This laptop's (2/13 done, incomplete)" in again

    # The technician retries: sent anyway, once although its reply is lost, as revision 2.
    outbox.retry(spare.db, checklist_row(spare).seq)
    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(comment_on(ticket), times=1)
        assert not spare.sync(proxy.url).ok
        wait_until_due(spare.db)
        assert spare.sync(proxy.url).ok
    assert spare.sync().ok
    assert outbox.open_count(spare.db) == 0
    a_note, b_note = checklist_notes(boss, ticket, TEMPLATE)
    assert a_note.startswith(f"Checklist: {TEMPLATE}\nProgress: 13/13 done")
    assert b_note.startswith(
        f"Checklist: {TEMPLATE} (revision 2, replaces revision 1)\nProgress: 2/13 done"
    )
    assert checklist_state(boss, ticket) == "incomplete"
    assert store.checklists(spare.db, ticket)[0].revision == 2
    assert send_checklists(spare.db, ticket, author="alice") == [], "unchanged: nothing to send"

    # The first laptop's correction now meets the spare's revision in turn.
    assert first.sync().ok
    store.set_comment(first.db, ticket, 3, "Old PC wiped", by="alice")
    assert len(send_checklists(first.db, ticket, author="alice")) == 1
    (refusal,) = first.sync().rejected
    assert "(revision 2, " in refusal and "2/13 done; Checklist State incomplete" in refusal
    assert "as revision 3" in refusal
    assert len(checklist_notes(boss, ticket, TEMPLATE)) == 2


def test_discarding_the_refused_revision_keeps_the_helpdesks_and_sends_nothing(
    rt: RunningRT, tmp_path: Path
) -> None:
    boss = connector(rt, "supervisor")
    ticket = new_pc_install_visit(boss, "New PC in the back office, spare laptop gives way")
    first = Technician(rt, "alice", tmp_path / "laptop")
    spare = Technician(rt, "alice", tmp_path / "spare")
    assert first.sync().ok and spare.sync().ok
    tick_everything(first, ticket)
    send_checklists(first.db, ticket, author="alice")
    assert first.sync().ok
    store.tick(spare.db, ticket, 1, True, by="alice")
    send_checklists(spare.db, ticket, author="alice", reason="ran out of time")
    assert len(spare.sync().rejected) == 1

    outbox.discard(spare.db, checklist_row(spare).seq)
    assert not store.holds_work_not_queued(spare.db, ticket), "let go: retention need not keep it"
    report = spare.sync()
    assert report.ok and report.rejected == [] and report.pushed == 0
    assert len(checklist_notes(boss, ticket, TEMPLATE)) == 1
    assert checklist_state(boss, ticket) == "complete"
