"""A helpdesk that answers in German (the technician's RT language), against the real RT.

RT words every reply to a change in the user's language, and says whether it took
each field only in those words.  FieldDesk decides by what RT holds afterwards: a
change RT refused is never recorded as sent, whatever the language, and one it
took is never called refused because a value quotes a word like "invalid"."""

from __future__ import annotations

import uuid

import pytest

from devrt.instance import RunningRT
from sync import outbox, workflow
from sync.errors import Cause, RejectedError
from tests.integration import rt_admin, test_refusal_causes
from tests.integration.helpers import Technician, server_ticket, supervisor_update
from tests.integration.test_refusal_causes import an_open_visit, note

pytestmark = pytest.mark.rt

alice = test_refusal_causes.alice  # a fresh laptop for each test


@pytest.fixture(scope="module", autouse=True)
def german(rt: RunningRT) -> None:
    """alice chose German in RT's preferences (the module's RT is fresh: reset after)."""
    rt_admin.run_perl(
        rt,
        "my $u = RT::User->new(RT->SystemUser); $u->Load('alice') or die;"
        " my ($ok, $m) = $u->SetLang('de'); die $m unless $ok;",
    )


def test_an_owner_rt_refuses_is_not_recorded_as_sent(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice, 3)
    before = server_ticket(rt, ticket).fields["owner"]
    outbox.set_fields(alice.db, ticket, {"owner": "nosuchtechnician"})
    seq = outbox.rows(alice.db)[-1].seq

    report = alice.sync()

    row = outbox.get_row(alice.db, seq)
    assert row is not None and row.state == "rejected", row
    assert report.rejected
    assert "owner" in (row.last_error or "")
    assert server_ticket(rt, ticket).fields["owner"] == before


def test_a_status_rt_refuses_raises_and_changes_nothing(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice, 1)
    helpdesk = alice.connector
    version = helpdesk.fetch_ticket(ticket).etag
    before = server_ticket(rt, ticket).fields["status"]

    with pytest.raises(RejectedError) as refused:
        helpdesk.update_ticket(ticket, version, {"status": "erledigt"})

    assert "gültiger Status" in str(refused.value), "RT's own words, for the technician"
    assert server_ticket(rt, ticket).fields["status"] == before


def test_a_note_refused_for_a_missing_right_names_the_right(
    rt: RunningRT, alice: Technician
) -> None:
    ticket = an_open_visit(alice)
    seq, _text = note(alice, ticket)
    rt_admin.revoke_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
    try:
        alice.sync()
    finally:
        rt_admin.grant_owner_rights(rt, "CommentOnTicket", "ModifyTicket")

    row = outbox.get_row(alice.db, seq)
    assert row is not None and row.state == "rejected"
    assert row.error_cause == Cause.NO_RIGHT.value
    assert "CommentOnTicket" in (row.last_error or "")


def test_a_checklist_field_refused_with_its_note_is_told(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice, 2)
    text = f"Checklist: Printer PM\nProgress: 11/11 done {uuid.uuid4().hex[:8]}"
    outbox.add_note(
        alice.db, ticket, text, author="alice", kind="checklist",
        extra={"checklist_id": 1, "revision": 1, "ticket_fields": {"Checklist State": "x"}},
    )  # fmt: skip
    supervisor_update(rt, ticket, {"owner": "bob"})
    rt_admin.grant_technicians(rt, "CommentOnTicket")  # a note, but no field, on bob's
    try:
        report = alice.sync()
    finally:
        rt_admin.revoke_technicians(rt, "CommentOnTicket")

    assert any("Checklist State" in notice for notice in report.notices), report.notices


@pytest.mark.parametrize("part", ["PSU - must be returned under RMA", "Fuser (old one invalid)"])
def test_a_value_quoting_a_failure_word_is_taken(
    rt: RunningRT, alice: Technician, part: str
) -> None:
    ticket = an_open_visit(alice, 2)
    workflow.set_parts(alice.db, ticket, [part])

    report = alice.sync()

    assert report.ok and not report.rejected, report
    assert part in (server_ticket(rt, ticket).fields.get("parts_used") or "")
