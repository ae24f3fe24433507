"""Another FieldDesk holding the replica's write lock past the wait: said, not a bug."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import outbox
from sync.profile import Profile
from sync.replica import explain_failure, open_replica
from sync.store import StoreError, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

BUSY = "another FieldDesk window or command is writing to this profile's database"


def test_a_save_while_another_process_holds_the_lock_says_so(
    profile: Profile, tmp_path: Path
) -> None:
    db = open_replica(profile)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    other = open_replica(profile)  # as the command line, or a second window
    other.execute("BEGIN IMMEDIATE")
    db.execute("PRAGMA busy_timeout = 50")  # not the 10 s a real save waits
    try:
        with pytest.raises(StoreError, match=BUSY) as refused:
            outbox.add_note(db, 7, "Replaced the drum.", author="alice")
    finally:
        other.execute("ROLLBACK")
    assert "nothing was changed" in str(refused.value)
    assert explain_failure(profile, refused.value).startswith(BUSY)
    assert outbox.rows(db) == []
