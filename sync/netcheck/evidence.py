"""Attach a run to its visit: an internal note with the table, the JSON as its file.

It travels as an ordinary note (``add_note`` with an attachment), so the
outbox sends it offline-safe and exactly once (the note's Client Request Id).
A run is attached once: the note's outbox row is recorded on the run in the
same transaction, and a second attach says so instead of making a copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sync.attachments import import_bytes
from sync.changes.note import add_note
from sync.netcheck.history import get_run
from sync.netcheck.report import json_bytes, json_name, note_text
from sync.store.database import transaction
from sync.store.outbox import InvalidChange

if TYPE_CHECKING:
    import sqlite_utils


def attach_run(
    db: sqlite_utils.Database,
    attachments_dir: Path,
    run_id: int,
    ticket_id: int,
    *,
    author: str,
) -> str:
    """Queue the run's note on the visit; returns the note's outbox uuid."""
    saved = get_run(db, run_id)
    if saved is None:
        raise InvalidChange(f"there is no network check {run_id} on this laptop")
    if saved.note_uuid is not None:
        raise InvalidChange("this network check is already attached to the visit")
    name = json_name(saved.run)
    raw = import_bytes(attachments_dir, json_bytes(saved.run), name)  # fsynced first
    with transaction(db):
        uuid = add_note(db, ticket_id, note_text(saved.run, name), author=author, attachments=[raw])
        db.execute(
            "UPDATE netcheck_runs SET note_uuid = ?, ticket_id = COALESCE(ticket_id, ?)"
            " WHERE id = ?",
            [uuid, ticket_id, run_id],
        )
    return uuid
