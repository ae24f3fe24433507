"""The conversation's link lines name the equipment, never RT's URI for it.

RT records a link by its target's URI (``asset://fielddesk.test/1``); the
technician reads the equipment's name as the Equipment tab shows it.
"""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.conversation import conversation_html
from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.store import assets as asset_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.tickets import HistoryEntry
from tests.desktop.visit.local_visit import VISIT, asset_uri, local_db, local_panel, seed
from tests.sync.test_assets import remote_asset

__all__ = ["local_db"]  # the fixture


def test_a_linked_printer_is_named_as_on_its_tab_also_once_unlinked(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    when = "2026-11-21T08:00:00Z"
    with transaction(local_db):
        asset_store.apply_remote_assets(local_db, VISIT, [remote_asset(1)])
        asset_store.upsert_remote_asset(local_db, remote_asset(9), in_inventory=True)
        ticket_store.apply_remote_history(
            local_db,
            VISIT,
            [
                RemoteTransaction(200, VISIT, "AddLink", when, "root", new_value=asset_uri(1)),
                RemoteTransaction(201, VISIT, "Comment", when, "bob", body="Swapped the printer."),
                RemoteTransaction(202, VISIT, "DeleteLink", when, "root", old_value=asset_uri(9)),
            ],
        )

    text = local_panel(qtbot, profile, local_db).conversation.toPlainText()

    assert "Linked ACME-PRN-01 (equipment #1)" in text
    assert "Unlinked ACME-PRN-09 (equipment #9)" in text  # no longer on the visit
    assert "asset://" not in text


def line(kind: str, *, new: str | None = None, old: str | None = None) -> HistoryEntry:
    return HistoryEntry(1, kind, "2026-11-21T08:00:00Z", "root", None, old, new, 0, None, None)


def test_equipment_no_longer_on_the_visit_and_tickets_by_number() -> None:
    history = [
        line("DeleteLink", old=asset_uri(9)),
        line("AddLink", new="fsck.com-rt://fielddesk.test/ticket/5"),
        line("AddLink", new="https://intranet.example/printers?a=<b>"),
    ]

    page = conversation_html(history, {}, [], unfolded=frozenset({0}))

    assert "Unlinked equipment #9" in page
    assert "Linked ticket #5" in page
    assert "Linked https://intranet.example/printers?a=&lt;b&gt;" in page  # as it is, escaped
