"""Which row the list shows first after a refresh that moved rows in place."""

from __future__ import annotations

from desktop.visits.in_place import top_keeping_most


def rows(names: str) -> list[object]:
    return [object() for _ in names]


def test_rows_that_moved_up_by_one_are_shown_from_one_row_higher() -> None:
    before = rows("abcdefghij")
    after = [*before[:2], *before[3:], before[2]]  # the third row moved to the end
    assert top_keeping_most(before[5:8], after, top=5) == 4


def test_a_row_that_arrived_on_screen_moves_the_rows_on_its_shorter_side() -> None:
    before = rows("abcdefghijklmnopqrst")
    arrived = before[0]  # from above the screen (rows 5 to 12) ...
    near_top = [*before[1:7], arrived, *before[7:]]  # ... to the second row on screen
    assert top_keeping_most(before[5:13], near_top, top=5) == 5  # rows 7 on stay put
    near_bottom = [*before[1:11], arrived, *before[11:]]  # ... to the sixth
    assert top_keeping_most(before[5:13], near_bottom, top=5) == 4  # rows 5 to 10 stay


def test_a_first_row_on_screen_that_changed_is_passed_over() -> None:
    before = rows("abcdefghij")
    after = [*before[:5], object(), *before[6:]]  # row 5 (a day heading) is new
    assert top_keeping_most(before[5:8], after, top=5) == 5


def test_rows_no_longer_near_are_not_looked_for_far_away() -> None:
    before = rows("abcdefghijklmnopqrst")
    after = [*before[10:], *before[:10]]  # what was on screen is now far below
    assert top_keeping_most(before[0:3], after, top=0) is None


def test_an_equal_row_that_is_another_object_is_not_the_same_row() -> None:
    before = [("visit", n) for n in range(3)]
    after = [("visit", n) for n in range(3)]  # equal, but read afresh: not kept
    assert top_keeping_most(before[1:], after, top=1) is None
