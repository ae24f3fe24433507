"""An escalation mails the supervisors its reason, once; the customer gets nothing of it.

A review found that an escalation told nobody: RT got the "ESCALATION: …" comment
and the priority, but the visit had no AdminCc, and RT mails a comment to AdminCcs
only (never to the one who wrote it): no supervisor heard of it.  RT also worded
the escalated priority (90) "Medium", in its default words (Low 0, Medium 50, High
100).  The mail is read where the private RT keeps what it sends: var/*.mbox
(``$MailCommand`` 'mbox', resources/rt/RT_SiteConfig.pm.in).
"""

from __future__ import annotations

import mailbox
from contextlib import closing
from email.message import Message
from email.utils import getaddresses
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.store import tickets as ticket_store
from sync.store.tickets import Visit
from tests.faults.checks import proxy_actions, unique, wait_until_due
from tests.faults.proxy import FaultProxy, comment_on, update_of
from tests.integration import rt_admin
from tests.integration.helpers import Technician, comments_with

pytestmark = pytest.mark.rt

SUPERVISOR = "dana.whitfield@fielddesk.test"  # the sample supervisor (sample-data.pl)


def sent_mail(rt: RunningRT) -> dict[str, Message]:
    """Every mail RT sent, by Message-ID."""
    mails: dict[str, Message] = {}
    for path in sorted((rt.root / "var").glob("*.mbox")):
        with closing(mailbox.mbox(path, create=False)) as box:
            mails |= {str(mail["Message-ID"]): mail for mail in box}
    return mails


def mail_since(rt: RunningRT, before: dict[str, Message]) -> list[Message]:
    return [mail for key, mail in sent_mail(rt).items() if key not in before]


def recipients(mail: Message) -> set[str]:
    headers = [*mail.get_all("To", []), *mail.get_all("Cc", []), *mail.get_all("Bcc", [])]
    return {address.casefold() for _name, address in getaddresses(headers)}


def text_of(mail: Message) -> str:
    parts = mail.walk() if mail.is_multipart() else [mail]
    texts = []
    for part in parts:
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            texts.append(payload.decode("utf-8") if isinstance(payload, bytes) else "")
    return "\n".join(texts)


def open_visits(laptop: Technician) -> list[Visit]:
    """bob's open visits with a customer who writes (a requestor), on his laptop, by id:
    each test escalates its own."""
    visits = [
        visit
        for visit in ticket_store.list_visits(laptop.db)
        if visit.owner == "bob" and visit.status in ("new", "open") and visit.requestors
    ]
    return sorted(visits, key=lambda visit: visit.id)


def signed_in(rt: RunningRT, tmp_path: Path) -> Technician:
    laptop = Technician(rt, "bob", tmp_path)
    assert laptop.sync().ok
    return laptop


def priority_word(rt: RunningRT, ticket_id: int) -> str:
    """The ticket's priority as RT's pages word it."""
    return rt_admin.run_perl(
        rt,
        f"my $t = RT::Ticket->new(RT->SystemUser); $t->Load({int(ticket_id)});"
        " print $t->PriorityAsString;",
    )


def test_an_offline_escalation_mails_the_supervisors_its_reason_once_and_the_customer_nothing(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = signed_in(rt, tmp_path)
    visit, other = open_visits(laptop)[:2]
    reason = unique("Third failure on this printer: ask HP for a swap")
    note = unique("Toner replaced, test page fine")
    outbox.escalate(laptop.db, visit.id, reason, author="bob")
    outbox.add_note(laptop.db, other.id, note, author="bob")  # not an escalation
    before = sent_mail(rt)

    report = laptop.sync()

    assert report.ok and report.notices == [], report
    sent = mail_since(rt, before)
    to_supervisor = [mail for mail in sent if SUPERVISOR in recipients(mail)]
    assert len(to_supervisor) == 1, [m["Subject"] for m in to_supervisor]
    assert reason in text_of(to_supervisor[0])
    customers = {address.casefold() for address in visit.requestors}
    assert [m["Subject"] for m in sent if recipients(m) & customers] == []
    assert not any(note in text_of(mail) for mail in sent), "a plain note was mailed"


def test_an_escalation_whose_answers_were_lost_mails_the_supervisors_once(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = signed_in(rt, tmp_path)
    visit = open_visits(laptop)[2]
    reason = unique("Mainboard fault again: needs a decision on a replacement")
    outbox.escalate(laptop.db, visit.id, reason, author="bob")
    before = sent_mail(rt)

    with FaultProxy(rt.url) as proxy:
        # RT makes the supervisors watch, and the answer is lost: the note waits.
        proxy.drop_reply_for(update_of(visit.id), times=1)
        laptop.sync(proxy.url)
        # RT takes the note (and mails it), and that answer is lost too.
        proxy.drop_reply_for(comment_on(visit.id), times=1)
        wait_until_due(laptop.db)
        laptop.sync(proxy.url)
        wait_until_due(laptop.db)
        last = laptop.sync(proxy.url)
        posted = proxy_actions(proxy, comment_on(visit.id))

    assert last.ok and outbox.rows(laptop.db) == [], last
    assert posted == ["dropped"], "the note was posted again"
    assert len(comments_with(rt, visit.id, f"ESCALATION: {reason}")) == 1
    mailed = [m for m in mail_since(rt, before) if reason in text_of(m)]
    assert [recipients(m) for m in mailed] == [{SUPERVISOR}]


def test_rt_words_the_escalated_priority_as_fielddesk_does(rt: RunningRT, tmp_path: Path) -> None:
    """RT's default words read 90 "Medium" (and 35 "Low"): the supervisor saw no change."""
    laptop = signed_in(rt, tmp_path)
    visit = min(open_visits(laptop)[3:], key=lambda visit: visit.priority)
    assert visit.priority < 50
    before = priority_word(rt, visit.id)
    outbox.escalate(laptop.db, visit.id, unique("Needs a second technician"), author="bob")

    assert laptop.sync().ok

    assert (before, priority_word(rt, visit.id)) == ("Normal", "Urgent")
