"""The service report's Work done holds what the customer may read: replies, network
checks' headlines and the resolution; the technician's internal notes are apart
(``internal_notes``), never in it, and a report is not "out of date" for one."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from sync import outbox, workflow
from tests.sync.test_report_content import VISIT, db, sign

__all__ = ["db"]  # the fixture, used by name

SECRET = "Julie's alarm code is 4321"


def test_internal_notes_are_offered_apart_never_in_the_work_done(
    db: sqlite_utils.Database,
) -> None:
    outbox.add_note(db, VISIT, SECRET, author="alice")
    outbox.add_note(db, VISIT, "Cleared the jam in tray 2.", author="alice", public=True)
    outbox.add_note(db, VISIT, "Bob's internal note", author="bob")
    workflow.resolve(db, VISIT, "Printer prints clean.", minutes=5, author="alice")

    content = workflow.report_content(db, VISIT, user="alice", technician="Alice")
    assert content.work_done == "Cleared the jam in tray 2.\n\nResolution: Printer prints clean."
    assert content.internal_notes == [SECRET]


def test_an_internal_note_after_a_signed_report_does_not_make_it_out_of_date(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    outbox.add_note(db, VISIT, "Cleared the jam in tray 2.", author="alice", public=True)
    sign(db, tmp_path / "files", "Julie Marsh")
    outbox.add_note(db, VISIT, SECRET, author="alice")
    signed = workflow.last_signed_report(db, VISIT, user="alice")
    assert signed is not None and not signed.out_of_date, "a new report would not show it"
