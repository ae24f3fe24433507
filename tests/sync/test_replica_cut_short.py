"""A replica cut short by whole pages (a copy or a cleaner stopped halfway) keeps its unsent work.

Its header then counts more pages than the file holds, and SQLite refuses the whole
file as malformed: the salvage must still read the pages that are there.
"""

from __future__ import annotations

import os
from contextlib import closing
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes.note import add_note
from sync.profile import Profile
from sync.profile_key import require_key
from sync.replica import explain_failure, open_replica, repair
from sync.store import ReplicaDamaged, cipher
from sync.store.outbox import rows
from sync.store.tickets import list_visits
from tests.replica_faults import PAGE_SIZE, fill, sign_in_offline
from tests.sync.older_replica import as_an_earlier_release_wrote_it


def cut(path: Path, size: int) -> None:
    os.truncate(path, path.stat().st_size - size)


@pytest.mark.parametrize("pages", [1, 2, 40], ids=lambda n: f"{n}-pages")
def test_a_replica_cut_short_by_whole_pages_keeps_every_unsent_change(
    profile: Profile, pages: int
) -> None:
    signed_in = sign_in_offline(profile)
    unsent = fill(signed_in)
    cut(signed_in.database_path, pages * PAGE_SIZE)  # 2 pages: the 4096 bytes of the report

    with pytest.raises(ReplicaDamaged) as damaged:
        open_replica(signed_in)
    said = explain_failure(signed_in, damaged.value)  # what the CLI prints

    assert "FieldDesk repaired it: 4 unsent changes recovered" in said
    assert "the whole file" not in said
    db = open_replica(signed_in)
    try:
        assert [(r.uuid, r.state) for r in rows(db)] == unsent  # same keys, in_flight kept
    finally:
        db.close()


def test_a_replica_of_an_earlier_release_cut_short_is_salvaged_as_it_was_written(
    profile: Profile,
) -> None:
    signed_in = sign_in_offline(profile)
    fill(signed_in)
    path, key = signed_in.database_path, require_key(signed_in.root)
    earlier = cipher.EARLIER_FORMATS[0]
    as_an_earlier_release_wrote_it(path, key, earlier)
    with closing(cipher.connect(path, key, isolation_level=None, page_format=earlier)) as conn:
        db = sqlite_utils.Database(conn)
        visit = list_visits(db)[20].id
        for i in range(20):  # the earlier release went on writing: new pages at the end
            add_note(db, visit, f"Later note {i}: " + "checked the tray " * 200, author="alice")
        written = [row[0] for row in conn.execute("SELECT uuid FROM outbox ORDER BY seq")]
    cut(path, 2 * earlier.size)  # the last note's pages

    result = repair(signed_in)

    db = open_replica(signed_in)
    try:
        kept = [r.uuid for r in rows(db)]
    finally:
        db.close()
    assert kept == written[:-1] and result.unsent == len(written) - 1
    assert result.lost[0] == "1 change in the outbox, sent or not"  # said, not silently dropped
