"""A torn page in the replica's schema: the unsent changes are read around it, or said lost.

SQLCipher reads nothing of a file whose schema has an unreadable page, though the
outbox's own pages are sound (review finding 2: "no unsent changes were found",
and the outbox empty afterwards).  The salvage decrypts the file in memory and
reads around the torn page; when the outbox still cannot be read it says so, with
the work to enter again, and never that nothing was waiting.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes.note import add_note
from sync.profile import Profile
from sync.profile_key import require_key
from sync.replica import explain_failure, open_replica
from sync.store import ReplicaDamaged, transaction
from sync.store.cipher import connect_file
from sync.store.outbox import rows
from sync.store.settings import set_setting
from sync.store.tickets import list_visits
from tests.keyring_double import copy_key
from tests.replica_faults import PAGE_SIZE, _decrypted_page, fill, sign_in_offline

TORN = bytes(range(64))  # 64 bytes overwritten mid-page, as in the review's damage1.sh
LAST_SYNC = "2026-03-04T09:15:00Z"


def schema_pages(path: Path) -> list[int]:
    """The pages of the schema's b-tree (page 1 and those it points to)."""
    key, data = require_key(path.parent), path.read_bytes()
    found, pending = [], [1]
    while pending:
        number = pending.pop(0)
        found.append(number)
        page = _decrypted_page(data, number, key)
        header = 100 if number == 1 else 0
        if page[header] == 0x05:  # an interior page: its children are schema pages too
            cells = int.from_bytes(page[header + 3 : header + 5], "big")
            for i in range(cells):
                cell = int.from_bytes(page[header + 12 + 2 * i : header + 14 + 2 * i], "big")
                pending.append(int.from_bytes(page[cell : cell + 4], "big"))
            pending.append(int.from_bytes(page[header + 8 : header + 12], "big"))
    return found


def tear(path: Path, page: int) -> None:
    with open(path, "r+b") as handle:
        handle.seek((page - 1) * PAGE_SIZE + 1000)
        handle.write(TORN)


@pytest.fixture
def two_notes(profile: Profile) -> tuple[Profile, list[str]]:
    """A replica holding unsent work (two notes, a status change) and its last sync."""
    sign_in_offline(profile)
    unsent = [uuid for uuid, _state in fill(profile, notes=2)]
    db = open_replica(profile)
    try:
        with transaction(db):
            set_setting(db, "sync.last_ok", LAST_SYNC)
    finally:
        db.close()
    with connect_file(profile.database_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return profile, unsent


def damaged_and_repaired(profile: Profile) -> str:
    """What the command line says on the damaged replica (it salvages it at once)."""
    with pytest.raises(ReplicaDamaged) as damage:
        open_replica(profile)
    return explain_failure(profile, damage.value)


def test_the_unsent_changes_are_read_around_a_torn_schema_page(
    two_notes: tuple[Profile, list[str]], tmp_path: Path
) -> None:
    profile, unsent = two_notes
    pages = schema_pages(profile.database_path)
    assert len(pages) > 4  # the schema spans pages, as in a real replica
    pristine = profile.database_path.read_bytes()
    recovered = 0
    for page in pages:
        for aside in profile.root.glob("damaged-*"):
            for part in aside.iterdir():
                part.unlink()
            aside.rmdir()
        profile.database_path.write_bytes(pristine)
        tear(profile.database_path, page)

        said = damaged_and_repaired(profile)

        db = open_replica(profile)
        try:
            kept = [r.uuid for r in rows(db)]
        finally:
            db.close()
        assert "no unsent changes were found" not in said
        assert "damaged file is kept for support in" in said
        if kept:
            assert kept == unsent and "3 unsent changes recovered" in said, page
            assert "The next sync sends the unsent changes recovered" in said
            recovered += 1
        else:
            assert (
                "the unsent changes could not be recovered: enter again the work done on " in said
            )
            assert "this laptop since the last complete sync (2026-03-04 " in said
            assert "The next sync fetches your visits" in said
    # Most schema pages hold no part of the outbox's own entry: those are read around.
    assert recovered >= len(pages) - 3, recovered


def test_a_note_only_in_the_journal_is_read_around_a_torn_page_1(
    two_notes: tuple[Profile, list[str]], tmp_path: Path
) -> None:
    profile, unsent = two_notes
    writer = connect_file(profile.database_path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    db = sqlite_utils.Database(writer)
    made = add_note(db, list_visits(db)[50].id, "Only in the journal.", author="alice")
    # The laptop dies now, with page 1 (the schema's root) torn: the file and its -wal are left.
    crashed = Profile(tmp_path / "crashed").ensure()
    for name in ("fielddesk.db", "fielddesk.db-wal", "account.json"):
        shutil.copy(profile.root / name, crashed.root / name)
    copy_key(profile.root, crashed.root)
    writer.close()
    tear(crashed.database_path, 1)

    said = damaged_and_repaired(crashed)

    assert "4 unsent changes recovered" in said
    db = open_replica(crashed)
    try:
        assert [r.uuid for r in rows(db)] == [*unsent, made]
    finally:
        db.close()
