"""The sign-out dialog's list of what a wipe would lose names the work no outbox change
holds too: time on a visit timer, checklist work not yet queued.

Before, with a travel timer running it said "Every change has been sent to the
helpdesk" and let the wipe go without asking.
"""

from __future__ import annotations

from pathlib import Path

from sync.profile import Profile
from sync.profiles import unsynced_changes
from sync.store import open_database, timers, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


def test_a_running_timer_is_named_among_what_a_wipe_would_lose(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "alice").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        for number in (4, 5):
            ticket_store.apply_remote_ticket(db, remote_ticket(number))
    assert unsynced_changes(profile) == []

    timers.start(db, 5, "travel")
    db.close()

    assert unsynced_changes(profile) == ["Visit #5: time on its timer"]
