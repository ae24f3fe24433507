"""A damaged replica is noticed, said in plain words, and salvaged with every unsent change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes.note import add_note
from sync.profile import Profile
from sync.replica import explain_failure, open_replica, repair
from sync.store import DiskFull, ReplicaDamaged
from sync.store.cipher import connect_file
from sync.store.driver import sqlite3
from sync.store.health import is_suspect
from sync.store.outbox import rows
from sync.store.salvage import InUse
from sync.store.settings import get_cursor, get_setting
from sync.store.tickets import history, list_visits
from tests.keyring_double import copy_key
from tests.replica_faults import corrupt_table, fill, leaf_pages, sign_in_offline


def read_every_visit(db: sqlite_utils.Database) -> None:
    for visit in list_visits(db):
        history(db, visit.id)


@pytest.fixture
def signed_in(profile: Profile) -> Profile:
    return sign_in_offline(profile)


def test_a_damaged_history_page_is_found_by_the_full_check_and_salvaged(
    signed_in: Profile,
) -> None:
    unsent = fill(signed_in)
    assert corrupt_table(signed_in.database_path, "history") > 0

    db = open_replica(signed_in)  # the cheap check reads only the small precious tables
    try:
        with pytest.raises(sqlite3.DatabaseError) as failed:
            read_every_visit(db)  # as the technician opening visit after visit
    finally:
        db.close()

    said = explain_failure(signed_in, failed.value)  # what the CLI prints
    assert "is damaged" in said and "FieldDesk repaired it: 4 unsent changes recovered" in said
    aside = next(signed_in.root.glob("damaged-*"))
    assert (aside / "fielddesk.db").exists() and str(aside) in said
    assert "salvaged" in (aside / "README.txt").read_text()
    assert not is_suspect(signed_in.database_path)

    db = open_replica(signed_in)
    try:
        assert [(r.uuid, r.state) for r in rows(db)] == unsent  # same keys, in_flight kept
        assert rows(db)[0].state == "in_flight"
        assert get_setting(db, "timezone") == "Europe/Oslo"
        assert get_cursor(db, "tickets") is None  # the next sync fetches everything
        carried = db.execute("SELECT id, last_updated, status FROM tickets").fetchall()
        assert {row[1] for row in carried} == {None}  # refetched whole by the next pull
        assert ("resolved",) in [(row[2],) for row in carried]  # the local edit still shows
    finally:
        db.close()


def test_the_check_at_every_open_finds_a_damaged_outbox_and_names_what_is_lost(
    signed_in: Profile,
) -> None:
    fill(signed_in, notes=40)  # the outbox spans several pages
    pages = leaf_pages(signed_in.database_path, "outbox")
    assert len(pages) > 2
    corrupt_table(signed_in.database_path, "outbox", every=2)

    with pytest.raises(ReplicaDamaged, match="some of its pages cannot be read"):
        open_replica(signed_in)
    result = repair(signed_in)

    db = open_replica(signed_in)
    try:
        kept = rows(db)
        assert 0 < len(kept) < 41 and result.unsent == len(kept)
        # the rows the uuid index names but no page gives back: counted, not silently dropped
        lost = 41 - len(kept)
        words = "1 change" if lost == 1 else f"{lost} changes"
        assert result.lost == [f"{words} in the outbox, sent or not"]
        assert all(r.payload for r in kept)
    finally:
        db.close()


def test_unsent_changes_only_in_the_wal_are_salvaged(signed_in: Profile, tmp_path: Path) -> None:
    fill(signed_in, notes=1)
    writer = connect_file(signed_in.database_path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    db = sqlite_utils.Database(writer)
    visit = list_visits(db)[50].id
    made = add_note(db, visit, "Only in the journal.", author="alice")
    # The laptop dies now: the file and its -wal are what is left.
    crashed = Profile(tmp_path / "crashed").ensure()
    for name in ("fielddesk.db", "fielddesk.db-wal", "account.json"):
        shutil.copy(signed_in.root / name, crashed.root / name)
    copy_key(signed_in.root, crashed.root)
    writer.close()
    corrupt_table(crashed.database_path, "history")

    result = repair(crashed)

    db = open_replica(crashed)
    try:
        assert made in {r.uuid for r in rows(db)} and result.unsent == 3
    finally:
        db.close()


@pytest.mark.parametrize("how", ["emptied", "removed"])
def test_a_signed_in_profile_whose_replica_vanished_says_so(signed_in: Profile, how: str) -> None:
    fill(signed_in)
    if how == "emptied":
        signed_in.database_path.write_bytes(b"")
    else:
        signed_in.database_path.unlink()

    with pytest.raises(ReplicaDamaged) as damaged:
        open_replica(signed_in)
    state = "is empty (0 bytes)" if how == "emptied" else "is missing"
    assert f"it {state} although alice was signed in" in str(damaged.value)

    said = explain_failure(signed_in, damaged.value)
    assert "no unsent changes were found" in said and "damaged-" in said
    assert "could not be read" not in said  # nothing was there to lose
    open_replica(signed_in).close()  # a fresh replica, for the next sync to fill


def test_a_new_profile_is_not_mistaken_for_an_emptied_one(signed_in: Profile) -> None:
    open_replica(signed_in).close()  # first open after sign-in: creates it
    assert json.loads((signed_in.root / "account.json").read_text())["replica_kept"] is True


def test_a_write_that_does_not_fit_says_the_disk_is_full_and_keeps_what_was_saved(
    signed_in: Profile,
) -> None:
    fill(signed_in, notes=1)
    db = open_replica(signed_in)
    try:
        before = len(rows(db))
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        # Room for a few pages more (SQLITE_FULL past them): a short note fits, a long one not.
        db.execute(f"PRAGMA max_page_count = {pages + 8}")
        visit = list_visits(db)[3].id
        with pytest.raises(DiskFull, match="the disk is full — nothing was lost"):
            add_note(db, visit, "x" * 200_000, author="alice")
        assert len(rows(db)) == before
        add_note(db, visit, "A short one fits.", author="alice")  # the connection still works
        assert len(rows(db)) == before + 1
    finally:
        db.close()


def test_a_failed_read_on_a_sound_file_is_not_salvaged(signed_in: Profile) -> None:
    unsent = fill(signed_in)
    glitch = sqlite3.DatabaseError("database disk image is malformed")

    said = explain_failure(signed_in, glitch)

    assert "a full check found it sound; nothing was changed: try again" in said
    assert not list(signed_in.root.glob("damaged-*")) and not is_suspect(signed_in.database_path)
    db = open_replica(signed_in)
    try:
        assert [(r.uuid, r.state) for r in rows(db)] == unsent
    finally:
        db.close()


def test_no_salvage_while_another_program_has_the_replica_open(signed_in: Profile) -> None:
    fill(signed_in)
    corrupt_table(signed_in.database_path, "history")
    other = connect_file(signed_in.database_path)  # another window, still open
    try:
        other.execute("SELECT COUNT(*) FROM outbox").fetchone()
        with pytest.raises(InUse, match="FieldDesk is still open on this profile elsewhere"):
            repair(signed_in)
        assert signed_in.database_path.exists() and not list(signed_in.root.glob("damaged-*"))
    finally:
        other.close()
    assert repair(signed_in).unsent == 4
