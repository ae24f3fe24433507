"""Where the rows on screen went in a refresh that moved rows in place.

A refresh that brings the same visits in as many rows (a visit rescheduled to
another day) moves every row between the visit's old and new place by one.  The
list keeps what it shows where it is (``VisitList.keep_on_screen``): it finds the
row that the rows it painted now start at, scrolls there without moving its
pixels, and the model repaints only the rows on screen that show something else
than they did.  Rows are compared by identity: an unchanged visit or day heading
comes back from a refresh as the same object (``RowCache``, ``rows.heading``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OnScreen:
    """What a view shows after a refresh that moved rows in place."""

    rows: range  # the rows on screen after the refresh
    painted: Sequence[object]  # what each of them shows now, from before the refresh


def first_row_kept(shown: Sequence[object], after: Sequence[object], top: int) -> int | None:
    """The row to show first so that the first of the rows ``shown`` (from row ``top``)
    still in the list nearby stays where it is on screen; None if none of them is."""
    near = range(max(0, top - len(shown)), min(len(after), top + 2 * len(shown)))
    where = {id(after[n]): n for n in near}
    for place, row in enumerate(shown):
        at = where.get(id(row))
        if at is not None:
            return at - place
    return None
