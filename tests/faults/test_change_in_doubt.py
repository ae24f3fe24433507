"""A change in doubt is not sent again while the helpdesk may still be making it.

The link breaks as soon as a note (or a new ticket) is sent, and RT gets it a
moment later -- a request still on its way, or RT still running the note's
scrips before it writes its Client Request Id.  The next sync, at once, looks
for it and does not find it.  Sending it again then would make it twice (the
fleet soak met this on a killed sync); it is looked for at every sync and sent
again only once RT has had time to finish (``RESEND_AFTER_S``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from sync import outbox
from sync.changes.article import as_html
from sync.connectors.rt import ticket_sql_quote
from sync.engine import SyncEngine
from sync.store import kb
from sync.store import tickets as ticket_store
from tests.faults.checks import Rig, notes_on_helpdesk, outbox_row, proxy_actions, unique
from tests.faults.proxy import comment_on
from tests.integration import rt_admin

pytestmark = pytest.mark.rt

LATE_S = 3.0  # how long the cut-off request takes to reach RT
LANDED_WITHIN_S = 30.0


def ticket_posts(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/ticket")


def wait_for(what: str, seen: Callable[[], object], timeout: float = LANDED_WITHIN_S) -> None:
    deadline = time.monotonic() + timeout
    while not seen():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} never reached RT")
        time.sleep(0.2)


def test_a_note_still_on_its_way_is_looked_for_not_sent_again(rig: Rig) -> None:
    db, helpdesk, ticket = rig.db, rig.helpdesk, rig.visits[2].id
    rig.proxy.forward_late(comment_on(ticket), LATE_S, times=1)
    worked = helpdesk.fetch_ticket(ticket).time_worked
    text = unique("Reseated the switch uplink; link light steady at 1 Gb/s.")
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=20)

    cut = rig.sync()
    assert not cut.ok, "a run whose change was cut off must not look finished"
    assert outbox_row(db, row_uuid).state == "in_flight"

    at_once = rig.sync()  # RT has not got it yet: the lookup finds nothing

    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["cut, forwarded late"], (
        "the note was sent again while the first sending could still land"
    )
    row = outbox_row(db, row_uuid)
    assert row.state == "in_flight"
    assert at_once.retry_later == 1
    assert "may still be saving it" in (row.last_error or "")
    assert "not made twice" in (row.last_error or "")

    wait_for("the cut-off note", lambda: notes_on_helpdesk(helpdesk, ticket, text))
    later = rig.sync()

    assert later.ok, later
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)
    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["cut, forwarded late"]
    assert (outbox_row(db, row_uuid).state, outbox_row(db, row_uuid).result) == (
        "done",
        str(stored.id),
    )
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 20


def test_a_note_the_helpdesk_never_got_is_sent_again_once_it_had_time(rig: Rig) -> None:
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rig.visits[3].id
    text = unique("Replaced the UPS battery pack; self-test passed.")
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=5)
    patient = SyncEngine(db, rig.connector, resend_after_s=2.0)

    # The gateway answers 502 and RT never sees the note: the change is in doubt.
    rig.proxy.replace_status(comment_on(ticket), 502, times=1)
    first = patient.run()

    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["replaced"]
    assert first.retry_later == 1
    assert outbox_row(db, row_uuid).state == "in_flight"
    assert notes_on_helpdesk(helpdesk, ticket, text) == []

    time.sleep(2.0)  # the helpdesk has had its time: nothing of the first sending can land
    second = patient.run()

    assert second.ok, second
    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["replaced", "forwarded"]
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)
    assert outbox_row(db, row_uuid).result == str(stored.id)


def test_a_new_ticket_still_on_its_way_is_made_once(rig: Rig) -> None:
    db, helpdesk = rig.db, rig.helpdesk
    subject = unique("Found on site: label printer jams on every third label")
    local_id = outbox.create_ticket(
        db, subject=subject, content="Jams at the peeler bar", owner="alice"
    )

    rig.proxy.forward_late(ticket_posts, LATE_S, times=1)
    rig.sync()
    at_once = rig.sync()

    assert proxy_actions(rig.proxy, ticket_posts) == ["cut, forwarded late"]
    assert at_once.retry_later == 1

    def made() -> list[dict[str, object]]:
        return helpdesk.search_tickets(f"Subject = {ticket_sql_quote(subject)}", "Subject")

    wait_for("the cut-off ticket", made)
    later = rig.sync()

    assert later.ok, later
    (created,) = made()
    assert proxy_actions(rig.proxy, ticket_posts) == ["cut, forwarded late"]
    assert ticket_store.get_visit(db, local_id) is None, "still under its local number"
    assert ticket_store.get_visit(db, int(str(created["id"]))) is not None


def article_posts(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/article")


def test_a_kb_draft_still_on_its_way_is_published_once(rig: Rig) -> None:
    db, helpdesk = rig.db, rig.helpdesk
    name = unique("Label printer: peeler bar jams")
    text = "Clean the peeler bar with IPA; re-seat the liner; print 20 labels."
    local_id = outbox.draft_article(db, name=name, summary="Third-label jams", content=text)

    rig.proxy.forward_late(article_posts, LATE_S, times=1)
    rig.sync()
    at_once = rig.sync()

    assert proxy_actions(rig.proxy, article_posts) == ["cut, forwarded late"]
    assert at_once.retry_later == 1

    wait_for("the cut-off article", lambda: helpdesk.find_article(name))
    later = rig.sync()

    assert later.ok, later
    assert proxy_actions(rig.proxy, article_posts) == ["cut, forwarded late"]
    published = helpdesk.find_article(name)
    assert published is not None
    assert helpdesk.fetch_article(published).content == as_html(text)
    (row,) = [r for r in outbox.rows(db, include_done=True) if r.kind == "article"]
    assert (row.state, row.result) == ("done", str(published))
    assert kb.get_article(db, local_id) is None, "the draft is still shown beside the article"


def test_a_note_on_a_ticket_of_another_queue_is_found_after_a_lost_answer(rig: Rig) -> None:
    """A technician syncs every ticket they own, not only field visits: the note's
    Client Request Id must stick there too, or a lost answer means a second note."""
    db, helpdesk = rig.db, rig.helpdesk
    ticket = rt_admin.ticket_in_another_queue(rig.rt, "alice", "Reception PC: no sound")
    rig.sync()
    assert ticket_store.get_visit(db, ticket) is not None
    text = unique("Replaced the speaker lead; sound back on both outputs.")
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=10)

    rig.proxy.drop_reply_for(comment_on(ticket), times=1)
    lost = rig.sync()
    assert not lost.ok and outbox_row(db, row_uuid).state == "in_flight"
    wait_for("the note", lambda: notes_on_helpdesk(helpdesk, ticket, text))
    later = SyncEngine(db, rig.connector, resend_after_s=0).run()

    assert later.ok, later
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)
    assert proxy_actions(rig.proxy, comment_on(ticket)) == ["dropped"]
    assert outbox_row(db, row_uuid).result == str(stored.id)
