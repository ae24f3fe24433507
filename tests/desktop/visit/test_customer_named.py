"""The customer who wrote is named as the visit's contact is: RT knows a customer by the
address they wrote from, and the technician reads "Julie Marsh (julie@…)" over her mail.
Another address of the customer's stays an address: the contact names one person.

RT records the customer's mail and our replies alike (*Correspond*): the customer's
reads "From customer", ours "Reply to customer"."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture

CONTACT = "Julie Marsh, +44 23 9200 1234, julie@acme-dental.example"
JULIE = "Julie@Acme-Dental.example"  # as RT names her: the address she wrote from


def conversation(
    qtbot: QtBot, profile: Profile, db: sqlite_utils.Database, *mails: tuple[str, str]
) -> str:
    """The panel's conversation after these mails (writer, text) on the visit."""
    seed(db, contact=CONTACT)
    when = "2026-11-21T08:00:00Z"
    with transaction(db):
        ticket_store.apply_remote_history(
            db,
            VISIT,
            [
                RemoteTransaction(200 + n, VISIT, "Correspond", when, writer, body=text)
                for n, (writer, text) in enumerate(mails)
            ],
        )
    return local_panel(qtbot, profile, db).conversation.toPlainText()


def test_the_contacts_address_reads_as_their_name(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    accounts = "accounts@acme-dental.example"
    text = conversation(qtbot, profile, local_db, (JULIE, "Still jams."), (accounts, "PO 4471."))

    assert f"Julie Marsh ({JULIE})" in text
    assert "— accounts@acme-dental.example," in text


def test_the_customers_mail_is_not_called_our_reply(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    text = conversation(qtbot, profile, local_db, (JULIE, "Jammed at 9."), ("bob", "Alice at 11."))

    assert f"From customer — Julie Marsh ({JULIE})" in text
    assert "Reply to customer — bob" in text
    assert "Reply to customer — Julie" not in text
