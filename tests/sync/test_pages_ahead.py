"""A listing's pages fetched ahead come in order, stop at the last, and leave no thread.

``fetch`` here is a listing of ``size`` items in pages of PAGE; pages are slowed
down (the lower the number, the slower) so that later pages finish first.
"""

from __future__ import annotations

import threading
from contextlib import closing

import pytest

from sync.connectors.rt.pages_ahead import THREAD_NAME, pages_ahead

PAGE = 10


class Listing:
    def __init__(self, size: int, fails_at: int | None = None) -> None:
        self.size = size
        self.fails_at = fails_at
        self.asked: list[int] = []
        self._lock = threading.Lock()
        self._pause = threading.Event()  # never set: only waited on

    def fetch(self, number: int) -> list[int]:
        with self._lock:
            self.asked.append(number)
        self._pause.wait(0.02 * max(0, 4 - number))  # page 2 finishes after page 3
        if number == self.fails_at:
            raise ConnectionError(f"page {number} cut off")
        start = (number - 1) * PAGE
        return list(range(start, min(start + PAGE, self.size)))


def full(page: list[int]) -> bool:
    return len(page) == PAGE


def page_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME)]


def taken(listing: Listing, in_flight: int = 2) -> list[int]:
    return [item for page in pages_ahead(listing.fetch, full, in_flight) for item in page]


@pytest.mark.parametrize("size", [0, 5, 10, 35, 40, 73])
def test_every_item_comes_once_in_order(size: int) -> None:
    listing = Listing(size)
    assert taken(listing) == list(range(size))
    needed = size // PAGE + 1  # one after the other: up to the first page not full
    assert needed <= len(listing.asked) <= needed + 1  # at most one page past the end
    assert not page_threads()


def test_one_page_at_a_time_asks_exactly_what_one_after_the_other_would() -> None:
    listing = Listing(35)
    assert taken(listing, in_flight=1) == list(range(35))
    assert listing.asked == [1, 2, 3, 4]


def test_a_listing_of_one_page_uses_no_thread() -> None:
    listing = Listing(5)
    pages = pages_ahead(listing.fetch, full)
    assert next(pages) == list(range(5))
    assert not page_threads()


def test_a_failed_page_raises_after_every_page_before_it() -> None:
    listing = Listing(80, fails_at=4)
    pages = pages_ahead(listing.fetch, full)
    got = [next(pages), next(pages), next(pages)]
    with pytest.raises(ConnectionError, match="page 4"):
        next(pages)
    assert got == [list(range(n, n + PAGE)) for n in (0, 10, 20)]
    assert not page_threads()


def test_closing_it_part_way_stops_its_threads() -> None:
    listing = Listing(1000)
    with closing(pages_ahead(listing.fetch, full)) as pages:
        for _ in range(3):
            next(pages)
        assert page_threads()
    assert not page_threads()
    assert len(listing.asked) <= 3 + 2  # the pages taken, and at most two ahead
