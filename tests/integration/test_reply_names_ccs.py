"""A Cc added to a ticket in RT reaches the laptop at the next sync, and the reply
dialog names everyone RT then mails the reply to.

A review found the reply dialog saying "Goes to: sophie.hart@cafe-lumiere.example"
while RT's mail went To Sophie and Cc the business owner, whom the helpdesk had added
as Cc in RT: the replica kept the requestors only.  Checked against what RT really
sends (its mail is kept in var/*.mbox, ``$MailCommand`` 'mbox'): RT's stock scrips
mail a reply To the requestors, Cc the Ccs, and the AdminCcs a copy of their own.
"""

from __future__ import annotations

from email.message import Message

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from desktop.visit.composer import NoteDialog
from devrt.instance import RunningRT
from sync.profile import Profile
from sync.session import Session
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.desktop.common.shown_as_qt_would import label_shows
from tests.desktop.conftest import alice, synced_replica  # noqa: F401 - fixtures
from tests.desktop.visit import helpers
from tests.integration.rt_admin import run_perl
from tests.integration.test_escalation_mails_supervisors import (
    mail_since,
    recipients,
    sent_mail,
    text_of,
)

pytestmark = pytest.mark.rt

OWNER = "owner@cafe-lumiere.example"
DUTY_MANAGER = "duty.manager@fielddesk.test"  # a staff watcher of the ticket (AdminCc)


def add_watcher(rt: RunningRT, ticket_id: int, role: str, address: str) -> None:
    """The helpdesk adds someone to the ticket's Cc or AdminCc, as in RT's People page."""
    run_perl(
        rt,
        f"my $t = RT::Ticket->new(RT->SystemUser); $t->Load({int(ticket_id)}) or die;"
        f" my ($ok, $msg) = $t->AddWatcher(Type => '{role}', Email => '{address}');"
        ' die "$msg\\n" unless $ok;',
    )


def sync(profile: Profile) -> None:
    session = Session(profile)
    try:
        report = session.sync()
    finally:
        session.close()
    assert report.ok, report


def visit_with_requestor(db: sqlite_utils.Database, subject: str) -> ticket_store.Visit:
    visit = next(v for v in ticket_store.list_visits(db) if v.subject.startswith(subject))
    assert visit.requestors, "the sample visit has a customer who writes"
    return visit


def reply_dialog(
    qtbot: QtBot, db: sqlite_utils.Database, profile: Profile, visit_id: int
) -> tuple[VisitDetail, NoteDialog]:
    messages = MessageBridge()
    messages.listen()
    panel = VisitDetail(db, profile, messages)
    qtbot.addWidget(panel)
    panel.show()
    panel.show_visit(visit_id)
    panel.work_actions["reply"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    return panel, dialog


def mailed(rt: RunningRT, before: dict[str, Message], text: str) -> list[set[str]]:
    """Who each mail RT sent since ``before`` with ``text`` in it went to."""
    return [recipients(m) for m in mail_since(rt, before) if text in text_of(m)]


def test_a_cc_added_in_rt_is_named_by_the_reply_as_rt_mails_it(
    rt: RunningRT,
    alice: Profile,  # noqa: F811 - the fixture imported above
    qtbot: QtBot,
) -> None:
    db = open_database(alice.database_path)
    visit = visit_with_requestor(db, "Front-desk printer")
    [customer] = visit.requestors
    add_watcher(rt, visit.id, "Cc", OWNER)

    sync(alice)
    panel, dialog = reply_dialog(qtbot, db, alice, visit.id)

    assert label_shows(dialog.to) == f"Goes to: {customer} · Cc: {OWNER}"
    text = "The printer is fixed: the pickup roller was worn out."
    qtbot.keyClicks(dialog.text, text)
    helpers.save(qtbot, panel, dialog)
    before = sent_mail(rt)
    sync(alice)
    assert mailed(rt, before, text) == [{customer, OWNER}]  # as the dialog said


def test_the_helpdesks_watchers_are_named_when_rt_mails_them_too(
    rt: RunningRT,
    alice: Profile,  # noqa: F811 - the fixture imported above
    qtbot: QtBot,
) -> None:
    db = open_database(alice.database_path)
    visit = visit_with_requestor(db, "Receipt printer cuts")
    [customer] = visit.requestors
    add_watcher(rt, visit.id, "AdminCc", DUTY_MANAGER)

    sync(alice)
    panel, dialog = reply_dialog(qtbot, db, alice, visit.id)

    assert label_shows(dialog.to) == f"Goes to: {customer} · and the helpdesk's watchers"
    text = "A new cutter blade is ordered; I will fit it on Thursday."
    qtbot.keyClicks(dialog.text, text)
    helpers.save(qtbot, panel, dialog)
    before = sent_mail(rt)
    sync(alice)
    # The customer's mail, and the watchers' copy of their own (Bcc: the customer
    # never sees who watches).
    assert sorted(map(sorted, mailed(rt, before, text))) == sorted([[customer], [DUTY_MANAGER]])
