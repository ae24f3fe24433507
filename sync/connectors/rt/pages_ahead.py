"""A listing's pages fetched ahead, two at a time, and handed over in order.

RT serves each request in its own worker process (rt-server is Starlet, prefork), and a
page of articles with their content costs it ~0.4 s of CPU while our side of the page
(reading, writing it to the replica) takes a fraction of that.  So once a listing has
shown that it is longer than a page, the next pages are asked for on worker threads,
``IN_FLIGHT`` at a time, while the caller writes the one it was given.

Bounded: at most ``in_flight`` pages are being fetched or wait to be taken besides
the one the caller holds.  A listing of one page (every idle sync) uses no thread.
With ``in_flight=1`` the next page is asked for only once this one came back full:
the same requests in the same order as one after the other, only sooner.  With two,
a listing may cost one request more (the page after the last, asked for before the
last came back: RT tells a non-superuser no total), and pages may be served out of
order.  Closing the iterator (the caller stopped: cancelled, an error, a full disk)
drops the pages not taken and waits for the requests under way, so no thread
outlives the listing; a failed page raises where the caller takes it, after every
page before it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Page = TypeVar("Page")

IN_FLIGHT = 2  # RT's CPU is the limit: a third at once gained little on two cores
THREAD_NAME = "rt-pages-ahead"


def pages_ahead(
    fetch: Callable[[int], Page], is_full: Callable[[Page], bool], in_flight: int = IN_FLIGHT
) -> Generator[Page, None, None]:
    """``fetch(1)``, ``fetch(2)``... in order, until a page that is not full (the last);
    after a full first page the next ones are fetched ``in_flight`` at a time."""
    first = fetch(1)
    if not is_full(first):
        yield first
        return
    pool = ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix=THREAD_NAME)
    try:
        coming: deque[Future[Page]] = deque(
            pool.submit(fetch, number) for number in range(2, 2 + in_flight)
        )
        following = 2 + in_flight
        yield first
        while coming:
            page = coming.popleft().result()
            if not is_full(page):
                yield page
                return
            coming.append(pool.submit(fetch, following))
            following += 1
            yield page
    finally:
        # Pages not started are dropped; those under way end within their request's
        # deadline (sooner on a cancel: the retries' waits end on the run's cancel).
        pool.shutdown(wait=True, cancel_futures=True)
