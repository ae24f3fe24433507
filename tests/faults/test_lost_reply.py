"""A change reaches RT but FieldDesk never hears so: it must still land exactly once.

RT commits the note (and its time) or the field change, and then the answer
is lost: the connection drops, the reply is too slow, or a gateway answers an
error.  A note's outbox row stays ``in_flight``; the next attempt looks the
note up by its Client Request Id instead of posting it again.
"""

from __future__ import annotations

import pytest

from sync import outbox
from sync.connectors.rt_http import READ_TRIES
from sync.store import tickets as ticket_store
from tests.faults.checks import (
    Rig,
    connect,
    notes_on_helpdesk,
    notes_on_laptop,
    outbox_row,
    proxy_actions,
    shown_time_worked,
    unique,
    wait_until_due,
)
from tests.faults.proxy import FaultProxy, comment_on, update_of

pytestmark = pytest.mark.rt


def comment_posts(proxy: FaultProxy, ticket_id: int) -> list[str]:
    """What the proxy did with each comment POST on the ticket."""
    return proxy_actions(proxy, comment_on(ticket_id))


def test_lost_reply_of_a_note_is_delivered_exactly_once(rig: Rig) -> None:
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rig.visits[0].id
    text = unique("Replaced the fuser unit; 20 test pages printed clean.")
    worked = helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=15)

    rig.proxy.drop_reply_for(comment_on(ticket))
    first = rig.sync()

    assert comment_posts(rig.proxy, ticket) == ["dropped"]
    assert not first.ok, "a run whose reply was lost must not look finished"
    assert first.pushed == 0
    assert first.rejected == []
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1, "RT committed the note"
    assert outbox_row(db, row_uuid).state == "in_flight", "sent, outcome unknown"
    assert len(notes_on_laptop(db, ticket, text)) == 1

    rig.proxy.clear()
    wait_until_due(db)
    second = rig.sync()

    assert second.ok, second
    assert comment_posts(rig.proxy, ticket) == ["dropped"], "the note was posted a second time"
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 15
    row = outbox_row(db, row_uuid)
    assert (row.state, row.result) == ("done", str(stored.id))
    (shown,) = notes_on_laptop(db, ticket, text)
    assert shown.id == stored.id, "the note still looks unsent"
    assert shown_time_worked(db, ticket) == worked + 15


def test_reply_slower_than_the_read_timeout_is_not_posted_twice(rig: Rig) -> None:
    """The engine retries within the run; the retry finds the note RT already has."""
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rig.visits[1].id
    text = unique("Swapped the receipt printer cutter; test slips cut fully.")
    worked = helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=15)
    impatient = connect(rig.rt, rig.proxy.url, timeout=(5.0, 2.0))
    try:
        rig.proxy.delay(6.0, comment_on(ticket), times=1)
        report = rig.sync(impatient)
    finally:
        impatient.http.close()

    assert report.ok, report
    assert report.pushed == 1
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 15
    assert outbox_row(db, row_uuid).state == "done"
    (shown,) = notes_on_laptop(db, ticket, text)
    assert shown.id is not None
    assert shown_time_worked(db, ticket) == worked + 15


def test_gateway_error_after_commit_then_busy_lookups_shows_the_note_once(rig: Rig) -> None:
    """A gateway answers 504 though RT stored the note; RT then is busy for a moment.

    The engine cannot confirm the note this run and leaves it for later, but
    the same run's pull brings RT's copy of it.  The visit must not show the
    note twice nor count its 15 minutes twice.
    """
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rig.visits[2].id
    text = unique("Reseated the phone's PoE cable; no reboot in 30 minutes.")
    worked = helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=15)

    rig.proxy.replace_status(comment_on(ticket), 504, forward=True, times=1)
    rig.proxy.replace_status(
        lambda method, path: method == "GET" and path.endswith("/transactions"),
        503,
        headers=[("Retry-After", "1")],
        # Both lookups of the note, each tried READ_TRIES times by the HTTP layer;
        # the pull that follows gets through.
        times=2 * READ_TRIES,
    )
    first = rig.sync()

    assert comment_posts(rig.proxy, ticket) == ["forwarded, replaced"]
    assert first.retry_later == 1
    assert outbox_row(db, row_uuid).state == "in_flight"
    after_first = (len(notes_on_laptop(db, ticket, text)), shown_time_worked(db, ticket))

    rig.proxy.clear()
    wait_until_due(db)
    second = rig.sync()

    assert second.ok, second
    assert comment_posts(rig.proxy, ticket) == ["forwarded, replaced"]
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 15
    assert outbox_row(db, row_uuid).state == "done"
    assert len(notes_on_laptop(db, ticket, text)) == 1
    assert shown_time_worked(db, ticket) == worked + 15
    # Checked last so that the outcome above is known whatever happens here.
    assert after_first == (1, worked + 15), (
        f"after a run that reported {'no error' if first.ok else repr(first.error)}, the visit"
        f" showed the note {after_first[0]} times and {after_first[1] - worked} minutes added"
    )


def test_lost_reply_of_a_status_change_then_the_office_reopens_the_visit(rig: Rig) -> None:
    """RT applied the change but the reply was lost; the retry finds it already there.

    Afterwards the visit must follow the helpdesk again: when the office
    reopens it, the laptop shows it open.
    """
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rig.visits[3].id
    assert helpdesk.fetch_ticket(ticket).fields["status"] != "stalled"
    row_uuid = outbox.set_fields(db, ticket, {"status": "stalled"})
    assert row_uuid is not None

    rig.proxy.drop_reply_for(update_of(ticket))
    first = rig.sync()

    assert [s.path for s in rig.proxy.seen("dropped")] == [f"/REST/2.0/ticket/{ticket}"]
    assert not first.ok
    assert helpdesk.fetch_ticket(ticket).fields["status"] == "stalled", "RT applied it"

    rig.proxy.clear()
    wait_until_due(db)
    second = rig.sync()

    assert second.ok, second
    assert second.conflicts == 0
    assert outbox_row(db, row_uuid).state == "done"
    visit = ticket_store.get_visit(db, ticket)
    assert visit is not None
    assert (visit.status, visit.pending_changes, visit.open_conflicts) == ("stalled", 0, 0)

    office = connect(rig.rt, rig.rt.url, user="supervisor")
    try:
        office.update_ticket(ticket, office.fetch_ticket(ticket).etag, {"status": "open"})
    finally:
        office.http.close()
    third = rig.sync()

    assert third.ok, third
    assert helpdesk.fetch_ticket(ticket).fields["status"] == "open"
    visit = ticket_store.get_visit(db, ticket)
    assert visit is not None
    assert visit.status == "open", "the laptop still shows the visit stalled after it was reopened"


@pytest.mark.parametrize("answer", ["lost", "forbidden"])
def test_a_checklist_note_whose_field_check_fails_is_delivered_once(rig: Rig, answer: str) -> None:
    """RT made the note; reading back its ticket field then fails: the note is not
    called refused (a user would send it again another way), nor sent again."""
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rig.visits[1].id
    text = unique("Checklist: Printer PM\nProgress: 11/11 done")
    outbox.add_note(
        db, ticket, text, author="alice", kind="checklist",
        extra={"checklist_id": 1, "revision": 1, "ticket_fields": {"Checklist State": "done"}},
    )  # fmt: skip

    def read_back(method: str, path: str) -> bool:
        return method == "GET" and path.rstrip("/").endswith(f"/ticket/{ticket}")

    if answer == "lost":
        rig.proxy.drop_reply_for(read_back, times=READ_TRIES)
    else:  # the visit given away that very moment
        rig.proxy.replace_status(read_back, 403, body={"message": "Forbidden"}, times=1)
    report = rig.sync()
    rig.proxy.clear()

    assert comment_posts(rig.proxy, ticket) == ["forwarded"]
    faults = [s.action for s in rig.proxy.seen() if read_back(s.method, s.path)]
    assert faults and "forwarded" not in faults, "the fault hit the read-back after the note"
    assert not report.rejected, report
    assert any("Checklist State" in notice for notice in report.notices), report.notices
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1
    wait_until_due(db)
    assert rig.sync().ok
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1, "sent again"
