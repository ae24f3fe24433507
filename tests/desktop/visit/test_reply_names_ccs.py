"""The reply dialog names everyone RT mails the reply to, as plain text.

A review found "Goes to: sophie.hart@cafe-lumiere.example" while RT's mail went To
Sophie and Cc the business owner, added as Cc on the ticket in RT: a technician could
write something meant for reception that the owner also got.  RT's stock scrips mail a
reply To the requestors, Cc the ticket's Ccs, and a copy of its own to the AdminCcs
(the helpdesk's watchers): the dialog says so, the watchers only when there are some.
"""

from __future__ import annotations

import json

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.composer import NoteDialog
from sync.profile import Profile
from sync.store import transaction
from tests.desktop.common.shown_as_qt_would import label_shows
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

CUSTOMER = "sophie.hart@cafe-lumiere.example"
OWNER = "owner@cafe-lumiere.example"


def reply_dialog(
    qtbot: QtBot,
    profile: Profile,
    db: sqlite_utils.Database,
    ccs: list[str] | None,
    admin_ccs: list[str] | None = None,
) -> NoteDialog:
    """Reply… on the visit whose Ccs and AdminCcs the replica holds so (None: not known)."""
    seed(db)
    with transaction(db):
        db.execute(
            "UPDATE tickets SET requestors = ?, ccs = ?, admin_ccs = ? WHERE id = ?",
            [
                json.dumps([{"email": CUSTOMER}]),
                None if ccs is None else json.dumps(ccs),
                None if ccs is None else json.dumps(admin_ccs or []),
                VISIT,
            ],
        )
    panel = local_panel(qtbot, profile, db)
    panel.work_actions["reply"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    return dialog


def test_the_reply_names_the_ccs_after_the_requestors(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    dialog = reply_dialog(qtbot, profile, local_db, [OWNER, "accounts@cafe-lumiere.example"])
    assert label_shows(dialog.to) == (
        f"Goes to: {CUSTOMER} · Cc: {OWNER}, accounts@cafe-lumiere.example"
    )
    dialog.internal.click()
    assert label_shows(dialog.to) == "Seen by your team only, never by the customer."


def test_without_ccs_it_names_the_requestors_alone(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    dialog = reply_dialog(qtbot, profile, local_db, [])
    assert label_shows(dialog.to) == f"Goes to: {CUSTOMER}"


def test_the_helpdesks_watchers_are_said_only_when_there_are_some(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    dialog = reply_dialog(qtbot, profile, local_db, [OWNER], ["group #41"])
    assert label_shows(dialog.to) == (
        f"Goes to: {CUSTOMER} · Cc: {OWNER} · and the helpdesk's watchers"
    )


def test_ccs_not_read_yet_are_said_to_be_unknown(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    """A visit stored before FieldDesk read Ccs: the next sync brings them."""
    dialog = reply_dialog(qtbot, profile, local_db, None)
    assert label_shows(dialog.to) == (f"Goes to: {CUSTOMER} · Cc: not known until the next sync")


def test_a_cc_is_shown_as_written_without_markup_or_hidden_characters(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    """Anyone can be made a Cc: '<b>' stays text, and a right-to-left override cannot
    turn "evil.example" round on screen."""
    written = "<b>boss</b>@\u202eelpmaxe.live"
    dialog = reply_dialog(qtbot, profile, local_db, [written])
    assert dialog.to.textFormat().name == "PlainText"
    assert label_shows(dialog.to) == f"Goes to: {CUSTOMER} · Cc: <b>boss</b>@elpmaxe.live"
