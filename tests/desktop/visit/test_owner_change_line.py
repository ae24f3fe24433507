"""The conversation names whom a visit was given to: "Owner Nobody → Alice Moreau", not
RT's user ids ("Owner → 41"); a visit pulled before the ids were named reads names after
the next sync too (its history holds the ids until then)."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.pullers.base import PullContext
from sync.pullers.people import PeoplePuller
from sync.report import SyncReport
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.users import set_user_details
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed
from tests.sync.test_owner_ids_named import Helpdesk

__all__ = ["local_db"]  # the fixture


def test_a_mail_given_to_alice_reads_whom_it_was_given_to(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    given = [
        RemoteTransaction(txn, VISIT, kind, "2026-11-21T08:00:00Z", "bob", "Owner", "6", "41")
        for txn, kind in ((300, "Set"), (301, "SetWatcher"))  # as RT 5 records it
    ]
    with transaction(local_db):
        ticket_store.apply_remote_history(local_db, VISIT, given)
        set_user_details(local_db, "alice", "Alice Moreau", "alice@example.test")
    context = PullContext(local_db, Helpdesk(), SyncReport(), lambda _p: None)  # type: ignore[arg-type]
    PeoplePuller().pull(context)  # the next sync

    text = local_panel(qtbot, profile, local_db).conversation.toPlainText()

    assert "Owner Nobody → Alice Moreau — bob" in text
    assert "41" not in text
