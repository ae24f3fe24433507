"""A resolution sent to the customer reaches them, once; one kept for the team does not.

A review found the resolution note never reached the customer though the app said it
would: it went to RT as a comment, and the customer got only RT's generic "your request
has been resolved" mail.  Resolving now sends it as a reply when asked (the dialog's
"Also send this to the customer", ``--tell-customer``), and says truthfully that it is
kept for the next technician when not.  The mail is read where the private RT keeps
what it sends (var/*.mbox), as the escalation's test reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox, workflow
from sync.store.tickets import Visit
from tests.faults.checks import proxy_actions, unique, wait_until_due
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import Technician
from tests.integration.test_escalation_mails_supervisors import (
    mail_since,
    open_visits,
    recipients,
    sent_mail,
    signed_in,
    text_of,
)

pytestmark = pytest.mark.rt

RESOLVED_NOTICE = "your request has been resolved"  # RT's "Resolved" template


def reply_on(ticket_id: int) -> Callable[[str, str], bool]:
    """POST .../ticket/<id>/correspond: the reply that carries the resolution."""
    return lambda method, path: (
        method == "POST" and path.endswith(f"/ticket/{int(ticket_id)}/correspond")
    )


def resolve(laptop: Technician, visit: Visit, note: str, *, tell_customer: bool) -> None:
    workflow.resolve(
        laptop.db,
        visit.id,
        note,
        minutes=20,
        author="bob",
        reason="not part of this visit",  # any required checklist items
        tell_customer=tell_customer,
    )


def test_a_resolution_sent_to_the_customer_mails_them_its_words_once(
    rt: RunningRT, tmp_path: Path
) -> None:
    """Offline, and the reply's answer lost on the way: RT mails it once all the same."""
    laptop = signed_in(rt, tmp_path)
    visit = open_visits(laptop)[0]
    note = unique("The fuser was worn out: replaced it, and the test page prints clean")
    resolve(laptop, visit, note, tell_customer=True)
    before = sent_mail(rt)

    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(reply_on(visit.id), times=1)
        laptop.sync(proxy.url)
        wait_until_due(laptop.db)
        last = laptop.sync(proxy.url)
        posted = proxy_actions(proxy, reply_on(visit.id))

    assert last.ok and outbox.rows(laptop.db) == [], last
    assert posted == ["dropped"], "the reply was posted again"
    customers = {address.casefold() for address in visit.requestors}
    to_customer = [mail for mail in mail_since(rt, before) if recipients(mail) & customers]
    with_words = [mail for mail in to_customer if note in text_of(mail)]
    assert len(with_words) == 1, [m["Subject"] for m in to_customer]
    assert text_of(with_words[0]).strip().startswith(note), "no 'Resolution:' label"


def test_a_resolution_kept_for_the_team_mails_the_customer_only_rts_notice(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = signed_in(rt, tmp_path)
    visit = open_visits(laptop)[1]
    note = unique("Reseated the memory; the board needs watching")
    resolve(laptop, visit, note, tell_customer=False)
    before = sent_mail(rt)

    report = laptop.sync()

    assert report.ok and outbox.rows(laptop.db) == [], report
    customers = {address.casefold() for address in visit.requestors}
    to_customer = [mail for mail in mail_since(rt, before) if recipients(mail) & customers]
    assert len(to_customer) == 1, [m["Subject"] for m in to_customer]
    assert RESOLVED_NOTICE in text_of(to_customer[0])
    assert note not in text_of(to_customer[0]), "the team's note was mailed to the customer"
