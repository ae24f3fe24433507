"""The KB draft drafted from a visit starts from what the technician wrote about the fix:
not the app's own notes, not the customer's name.

A review found the prefill was the visit's last three notes of any kind: the checklist's
table (logins, times), "Resolution: …" and "Service report signed on site by Julie
Marsh. Work done: Hello Julie…" -- while the dialog asks to remove customer names.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.kb.draft_dialog import DraftArticleDialog
from sync import outbox, workflow
from sync.attachments import import_bytes
from sync.changes.checklist import send_checklists
from sync.changes.time_entry import log_time
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import checklists, kb, open_database, timers, transaction
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said
from tests.sync.test_checklists import pull, template
from tests.sync.test_store import remote_ticket

VISIT = 7
FOUND = "Tray 2 pickup roller glazed; the fuser is creasing every second page."
REPLY = (
    "Hello Julie, the fuser was creasing the pages: I have replaced it and the Tray 2 "
    "rollers. 20 duplex pages printed without a jam. Alice"
)
RESOLVED = "Replaced the fuser and the Tray 2 rollers; test pages clean."


@pytest.fixture
def db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.database_path)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(VISIT))
        checklists.remember_visit_types(database, VISIT, ("printer check",))
        kb.apply_remote_articles(
            database,
            [
                RemoteArticle(
                    12, "Fuser creases paper", "", "<p>Replace it.</p>", "2026-11-01", False
                )
            ],
        )
    yield database
    database.close()


def a_visit_worked_to_the_end(db: sqlite_utils.Database, files: Path) -> None:
    """What a technician does on a visit, in order, each through the app's own path."""
    outbox.add_note(db, VISIT, FOUND, author="alice")
    outbox.add_note(db, VISIT, REPLY, author="alice", public=True)
    pull(db, template())
    checklists.ensure_checklists(db, VISIT)
    checklists.set_value(db, VISIT, 1, "48210", by="alice")
    send_checklists(db, VISIT, author="alice")  # "Checklist: …" and its table of logins
    timers.start(db, VISIT, "on_site")
    timers.pause(db, VISIT, "on_site")
    log_time(db, VISIT, "on_site", 2, "", author="alice")  # "Time on site: 2 min …"
    outbox.escalate(db, VISIT, "The customer wants a loan printer", author="alice")
    workflow.resolve(db, VISIT, RESOLVED, minutes=5, author="alice")
    outbox.link_article(db, VISIT, 12, author="alice")  # "Used knowledge base article #12: …"
    pdf = import_bytes(files, b"%PDF-1.4", f"service-report-{VISIT}-20261206-1350.pdf")
    signed = f"{workflow.REPORT_NOTE_PREFIX}Julie Marsh.\n\nWork done:\n{REPLY}\n\n{RESOLVED}"
    outbox.add_note(db, VISIT, signed, author="alice", attachments=[pdf])


def prefilled(db: sqlite_utils.Database, said: Said, qtbot: QtBot) -> str:
    dialog = DraftArticleDialog(db, said.bridge, visit_id=VISIT, author="alice")
    qtbot.addWidget(dialog)
    return dialog.content.toPlainText()


def test_the_draft_starts_from_the_technicians_notes_without_the_customers_name(
    db: sqlite_utils.Database, said: Said, qtbot: QtBot, tmp_path: Path
) -> None:
    a_visit_worked_to_the_end(db, tmp_path / "files")

    text = prefilled(db, said, qtbot)

    assert text == "\n\n".join(
        [
            FOUND,
            "The fuser was creasing the pages: I have replaced it and the Tray 2 rollers. "
            "20 duplex pages printed without a jam. Alice",
            RESOLVED,
        ]
    )
    assert "Julie" not in text


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        ("Dear Mrs Marsh,\n\nThe toner was a refill.", "The toner was a refill."),
        ("Hi Julie!\nReseated the duplex unit.", "Reseated the duplex unit."),
        ("Good morning: swapped the drum.", "Swapped the drum."),
        ("Hi-res scans failed: driver reinstalled.", "Hi-res scans failed: driver reinstalled."),
        ("Highlights: fuser, rollers.", "Highlights: fuser, rollers."),
    ],
)
def test_a_replys_greeting_goes_and_nothing_else(
    db: sqlite_utils.Database, said: Said, qtbot: QtBot, reply: str, kept: str
) -> None:
    outbox.add_note(db, VISIT, reply, author="alice", public=True)
    assert prefilled(db, said, qtbot) == kept


def test_an_internal_note_is_taken_as_written(
    db: sqlite_utils.Database, said: Said, qtbot: QtBot
) -> None:
    outbox.add_note(db, VISIT, "Hello from the depot: the spare fuser is on the van.", author="bob")
    assert prefilled(db, said, qtbot) == "Hello from the depot: the spare fuser is on the van."
