"""Where the rows on screen went in a refresh that moved rows in place.

A refresh that brings the same visits in as many rows (a visit rescheduled to
another day) moves every row between the visit's old and new place by one.  The
list keeps what it shows where it is (``VisitList.keep_on_screen``): it finds the
first row that keeps most of the rows it painted where they are, scrolls there
without moving its pixels, and the model repaints only the rows on screen that
show something else than they did.  Rows are compared by identity: an unchanged visit or day heading
comes back from a refresh as the same object (``RowCache``, ``rows.heading``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple


class OnScreen(NamedTuple):
    """What a view shows after a refresh that moved rows in place."""

    rows: range  # the rows on screen after the refresh
    painted: Sequence[object]  # what each of them shows now, from before the refresh


def top_keeping_most(shown: Sequence[object], after: Sequence[object], top: int) -> int | None:
    """The row to show first so that as many of the rows ``shown`` (from row ``top``) as
    can be stay where they are on screen (the fewest move; on a tie, the list scrolls
    least); None if none of them is still in the list nearby."""
    near = range(max(0, top - len(shown)), min(len(after), top + 2 * len(shown)))
    where = {id(after[n]): n for n in near}
    votes = Counter(where[id(row)] - place for place, row in enumerate(shown) if id(row) in where)
    if not votes:
        return None
    return max(votes, key=lambda first: (votes[first], -abs(first - top)))
