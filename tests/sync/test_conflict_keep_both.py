"""What "keep both" sends: theirs with the technician's own changes made to it."""

from __future__ import annotations

import pytest

from sync.conflicts import Conflict


def conflict(field: str, base: str | None, mine: str | None, theirs: str | None) -> Conflict:
    return Conflict(1, 7, field, base, mine, theirs, "2026-12-05T10:00:00Z")


def test_each_side_added_a_part_and_the_shared_one_is_listed_once() -> None:
    both = conflict(
        "parts_used", "1 x RAM 8GB", "1 x RAM 8GB\n1 x PSU 500W", "1 x RAM 8GB\n2 x fan"
    )
    assert both.both == "1 x RAM 8GB\n2 x fan\n1 x PSU 500W"


def test_a_part_i_took_off_the_list_stays_off() -> None:
    both = conflict("parts_used", "Drum\nToner", "Drum\nFuser", "Drum\nToner\nRoller")
    assert both.both == "Drum\nRoller\nFuser"


def test_with_no_base_both_sides_lines_are_kept_in_order() -> None:
    both = conflict("contact", None, "Front desk, ext 201", "Julie Marsh, 07700 900123")
    assert both.both == "Julie Marsh, 07700 900123\nFront desk, ext 201"


@pytest.mark.parametrize(
    ("field", "offered"),
    [
        ("parts_used", True),
        ("address", True),
        ("contact", True),
        ("subject", False),
        ("site", False),
        ("status", False),
    ],
)
def test_keep_both_is_offered_only_for_fields_that_hold_a_list(field: str, offered: bool) -> None:
    assert conflict(field, "a", "b", "c").can_keep_both is offered


def test_a_second_part_of_a_kind_i_fitted_is_kept() -> None:
    both = conflict("parts_used", "Filter", "Filter\nFilter", "Filter\nBelt")
    assert both.both == "Filter\nBelt\nFilter"


def test_a_part_both_sides_added_is_listed_once() -> None:
    both = conflict("parts_used", "Drum", "Drum\nToner", "Drum\nToner")
    assert both.both == "Drum\nToner"
