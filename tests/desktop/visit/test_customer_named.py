"""The customer who wrote is named as the visit's contact is: RT knows a customer by the
address they wrote from, and the technician reads "Julie Marsh (julie@…)" over her mail.
Another address of the customer's stays an address: the contact names one person."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture


def test_the_contacts_address_reads_as_their_name(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db, contact="Julie Marsh, +44 23 9200 1234, julie@acme-dental.example")
    when = "2026-11-21T08:00:00Z"
    with transaction(local_db):
        ticket_store.apply_remote_history(
            local_db,
            VISIT,
            [
                RemoteTransaction(
                    200, VISIT, "Correspond", when, "Julie@Acme-Dental.example", body="Still jams."
                ),
                RemoteTransaction(
                    201, VISIT, "Correspond", when, "accounts@acme-dental.example", body="PO 4471."
                ),
            ],
        )

    text = local_panel(qtbot, profile, local_db).conversation.toPlainText()

    assert "Julie Marsh (Julie@Acme-Dental.example)" in text
    assert "— accounts@acme-dental.example," in text
