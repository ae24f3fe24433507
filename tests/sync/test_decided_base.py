"""The base a conflict decision is merged against: what the helpdesk holds of its linked fields.

Pure: ``sync.merge.known_on_helpdesk``.  Behaviour over the sync:
tests/sync/test_decision_ends_the_conflict.py.
"""

from __future__ import annotations

from sync.merge import LINKED_FIELDS, known_on_helpdesk

SEEN = {
    "owner": "alice",
    "visit_start": "2026-12-07T14:00:00Z",
    "visit_end": "2026-12-07T15:00:00Z",
    "status": "open",
}
MINE, NINE = "2026-12-07T10:00:00Z", "2026-12-07T09:00:00Z"


def test_the_decision_is_merged_against_what_the_helpdesk_holds_of_its_linked_fields() -> None:
    # The start was decided (the helpdesk holds 09:00); status is in its own conflict
    # (shown: stalled, the helpdesk's: open); owner and end carry no edit here.
    working = {**SEEN, "visit_start": MINE, "status": "stalled"}
    known = known_on_helpdesk({"visit_start": NINE}, SEEN, working, {"status": "open"})
    assert known == {**SEEN, "visit_start": NINE}


def test_a_linked_field_with_an_edit_still_to_send_is_left_to_that_edit() -> None:
    working = {**SEEN, "status": "stalled"}  # an unsent status change, in no conflict
    known = known_on_helpdesk({"owner": "bob"}, SEEN, working, {})
    assert "status" not in known and known["owner"] == "bob"


def test_every_linked_group_is_moved_whole() -> None:
    for group in LINKED_FIELDS:
        decided = sorted(group)[0]
        base = {name: f"old {name}" for name in group}
        in_conflict = {name: f"theirs {name}" for name in group if name != decided}
        known = known_on_helpdesk({decided: "theirs"}, base, base, in_conflict)
        assert known == {decided: "theirs", **in_conflict}
