"""Three-way merge: what happens to each field we changed."""

from __future__ import annotations

from sync.merge import three_way


def test_server_unchanged_pushes_ours() -> None:
    result = three_way({"status": "open"}, {"status": "resolved"}, {"status": "open"})
    assert result.push == {"status": "resolved"} and not result.conflicts


def test_server_already_has_our_value_needs_nothing() -> None:
    result = three_way({"status": "open"}, {"status": "resolved"}, {"status": "resolved"})
    assert not result.push and not result.conflicts and result.already_there == ["status"]


def test_both_changed_differently_is_a_conflict_and_nothing_is_pushed() -> None:
    result = three_way({"parts_used": None}, {"parts_used": "Toner"}, {"parts_used": "Drum"})
    assert not result.push
    assert result.conflicts == {"parts_used": (None, "Toner", "Drum")}


def test_fields_we_did_not_touch_are_left_to_the_server() -> None:
    result = three_way(
        {"status": "open", "priority": "50"},
        {"status": "stalled"},
        {"status": "open", "priority": "90"},
    )
    assert result.push == {"status": "stalled"} and "priority" not in result.conflicts
