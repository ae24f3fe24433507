"""Resolving says truthfully who reads the resolution, and sends it to the customer only
when asked.

A review found the dialog promising "the customer and the next technician read it"
while the note went to RT as an internal comment: the customer only got RT's generic
"your request has been resolved" mail.  Now "Also send this to the customer" (unticked)
sits under the note: unticked, the note stays the team's and the dialog says so;
ticked, it goes as a reply to the visit's requestors, named as the reply composer names
them; with no requestor the box is off and says why.
"""

from __future__ import annotations

import json

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import Message
from desktop.visit import VisitDetail
from desktop.visit.composer import NoteDialog
from desktop.visit.dialogs import StatusDialog
from sync.profile import Profile
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.common.shown_as_qt_would import label_shows
from tests.desktop.visit.helpers import save
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

CUSTOMER = "julie.marsh@elmgrove.example"
PRACTICE = "reception@elmgrove.example"
MANAGER = "practice.manager@elmgrove.example"  # a Cc on the ticket: RT copies replies to her
KEPT = (
    "Kept in the visit's history for the next technician; the customer is told the visit"
    " is resolved."
)


def resolving(
    qtbot: QtBot,
    profile: Profile,
    db: sqlite_utils.Database,
    requestors: list[str],
    ccs: tuple[str, ...] = (),
) -> tuple[VisitDetail, StatusDialog, list[Message]]:
    """The visit (whose requestors and Ccs are given) with Change status → Resolved
    chosen, the note typed and the signature not asked next; what the panel said."""
    seed(db)
    with transaction(db):
        db.execute(
            "UPDATE tickets SET requestors = ?, ccs = ?, admin_ccs = '[]' WHERE id = ?",
            [json.dumps([{"email": a} for a in requestors]), json.dumps(list(ccs)), VISIT],
        )
    panel = local_panel(qtbot, profile, db)
    said: list[Message] = []
    panel.messages.shown.connect(said.append)
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    qtbot.keyClicks(dialog.resolution, "Replaced the pickup roller; test page prints clean.")
    dialog.sign_next.setChecked(False)
    return panel, dialog, said


def the_note(db: sqlite_utils.Database) -> tuple[str, bool, str]:
    """The queued resolution: its text, whether it is a reply, and its type in the visit's
    history."""
    [note] = [row for row in outbox_store.rows(db) if row.kind == "note"]
    [entry] = [e for e in ticket_store.history(db, VISIT) if e.client_uuid == note.uuid]
    return note.payload["content"], bool(note.payload["public"]), entry.type


def test_unticked_the_note_stays_the_teams_and_the_dialog_says_so(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel, dialog, said = resolving(qtbot, profile, local_db, [CUSTOMER])
    assert dialog.tell_customer.isVisibleTo(dialog) and dialog.tell_customer.isEnabled()
    assert not dialog.tell_customer.isChecked(), "sending to the customer is a choice"
    assert label_shows(dialog.who_reads) == KEPT
    assert "customer" not in dialog.resolution.placeholderText(), "no promise it is sent"

    save(qtbot, panel, dialog)

    assert the_note(local_db) == (
        "Resolution: Replaced the pickup roller; test page prints clean.",
        False,
        "Comment",
    )
    assert [m.text for m in said][-1].startswith("Resolved with its note;")


def test_ticked_it_goes_to_the_requestors_as_a_reply_that_reads_naturally(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel, dialog, said = resolving(qtbot, profile, local_db, [CUSTOMER, PRACTICE], (MANAGER,))
    dialog.tell_customer.click()
    assert dialog.tell_customer.isChecked()
    goes_to = f"Goes to: {CUSTOMER}, {PRACTICE} · Cc: {MANAGER}"
    assert label_shows(dialog.who_reads) == goes_to
    assert dialog.tell_customer.accessibleDescription() == goes_to
    dialog.tell_customer.click()
    assert label_shows(dialog.who_reads) == KEPT, "unticked again: the team's again"
    dialog.tell_customer.click()

    save(qtbot, panel, dialog)

    assert the_note(local_db) == (
        "Replaced the pickup roller; test page prints clean.",
        True,
        "Correspond",
    )
    assert [row.kind for row in outbox_store.rows(local_db)] == ["note", "set_fields"]
    assert [m.text for m in said][-1].startswith("Resolved with its reply to the customer;")
    panel.work_actions["reply"].trigger()
    reply = panel.dialog
    assert isinstance(reply, NoteDialog)
    assert label_shows(reply.to) == goes_to, "said as the reply composer says it"
    reply.reject()


def test_with_no_requestor_the_box_is_off_and_says_why(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel, dialog, _said = resolving(qtbot, profile, local_db, [])
    assert dialog.tell_customer.isVisibleTo(dialog) and not dialog.tell_customer.isEnabled()
    why = label_shows(dialog.who_reads)
    assert why.startswith("The visit has no requestor, so there is no customer to send it to")
    assert dialog.tell_customer.toolTip() == why

    save(qtbot, panel, dialog)

    assert the_note(local_db)[1:] == (False, "Comment")
