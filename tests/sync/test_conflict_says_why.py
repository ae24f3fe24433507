"""A conflict on a field the helpdesk left as it was says why it is one: what the
helpdesk changed of the fields linked to it (the owner, the window) meanwhile."""

from __future__ import annotations

from pathlib import Path

from sync import conflicts
from sync.local_clock import local_moment
from tests.sync.test_decision_ends_the_conflict import NINE, SEEN, MovedHelpdesk, laptop_in_conflict


def test_a_status_kept_by_the_helpdesk_says_the_visit_was_moved_and_given_away(
    tmp_path: Path,
) -> None:
    db = laptop_in_conflict(tmp_path, MovedHelpdesk(owner="bob"))
    (status,) = [c for c in conflicts.open_conflicts(db) if c.field == "status"]
    assert status.base == status.theirs == "open"  # the helpdesk did not change it
    why = conflicts.why_words(db, status)
    assert why.startswith("the helpdesk changed its ")
    assert "owner (alice → bob)" in why
    assert f"visit start ({local_moment(SEEN['visit_start'])} → {local_moment(NINE)})" in why
    (start,) = [c for c in conflicts.open_conflicts(db) if c.field == "visit_start"]
    assert conflicts.why_words(db, start) == ""  # the helpdesk changed that one itself
