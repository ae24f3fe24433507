"""Runs kept in the replica, so "before" and "after" can be put side by side."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.netcheck.run import Run
from sync.store.database import transaction
from sync.store.related import site_key

if TYPE_CHECKING:
    import sqlite_utils

KEPT_PER_SITE = 50  # older runs of a site leave the laptop (an attached one is on the ticket)


@dataclass(frozen=True)
class SavedRun:
    id: int
    ticket_id: int | None
    run: Run
    note_uuid: str | None

    @property
    def attached(self) -> bool:
        return self.note_uuid is not None


def save_run(db: sqlite_utils.Database, run: Run) -> int:
    key = site_key(run.site) or ""
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO netcheck_runs (ticket_id, site_key, started, run) VALUES (?, ?, ?, ?)",
            [run.ticket_id, key, run.started, json.dumps(run.as_json())],
        )
        db.execute(
            "DELETE FROM netcheck_runs WHERE site_key = ? AND id NOT IN"
            " (SELECT id FROM netcheck_runs WHERE site_key = ? ORDER BY started DESC, id DESC"
            " LIMIT ?)",
            [key, key, KEPT_PER_SITE],
        )
    return int(cursor.lastrowid or 0)


def _saved(row: tuple[int, int | None, str, str | None]) -> SavedRun:
    return SavedRun(row[0], row[1], Run.from_json(json.loads(row[2])), row[3])


def get_run(db: sqlite_utils.Database, run_id: int) -> SavedRun | None:
    row = db.execute(
        "SELECT id, ticket_id, run, note_uuid FROM netcheck_runs WHERE id = ?", [run_id]
    ).fetchone()
    return _saved(row) if row else None


def runs_for_site(db: sqlite_utils.Database, site: str | None) -> list[SavedRun]:
    """The site's runs (no site: the runs made without one), newest first."""
    rows = db.execute(
        "SELECT id, ticket_id, run, note_uuid FROM netcheck_runs WHERE site_key = ?"
        " ORDER BY started DESC, id DESC",
        [site_key(site) or ""],
    ).fetchall()
    return [_saved(row) for row in rows]
