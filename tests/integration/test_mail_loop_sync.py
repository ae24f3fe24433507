"""A mail loop on one visit does not make every other change download its history again.

Against the real RT: visit #3 gains hundreds of transactions (a mail loop, as RT's
Perl API makes them), the laptop has them; then one note on #3 and one on #5.
The batch reads both in one history search, each from its own mark: the sync
costs what a note on #3 alone costs, however long #3's history is, and every
transaction of both still arrives, as reading each ticket by itself gives it.
Cancel is heard between the pages of a long history, not only after the batch.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from devrt.instance import RunningRT
from sync.connectors.rt_http import RTHttp
from sync.engine import SyncEngine
from tests.integration.helpers import Technician, connector
from tests.integration.rt_admin import run_perl

pytestmark = pytest.mark.rt

LOOP = 3  # the visit caught in the mail loop
OTHER = 5  # another of the technician's visits
LOOP_COMMENTS = 300  # several pages of history (RT pages are 100)


def _comments(rt: RunningRT, ticket_id: int, count: int, text: str) -> None:
    run_perl(
        rt,
        f"""
my $ticket = RT::Ticket->new(RT->SystemUser);
$ticket->Load({int(ticket_id)});
for my $n (1 .. {int(count)}) {{
    my ($ok, $msg) = $ticket->Comment(Content => "{text} $n");
    die "$msg\\n" unless $ok;
}}
""",
    )


def _let_the_second_pass() -> None:
    time.sleep(1.1)  # RT stamps to the second


class Recorded:
    """The GETs of one connection's http layer: (path, params), in order."""

    def __init__(self, http: RTHttp) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.after_get: list[Any] = []
        original = http.get

        def get(path: str, params: Any = None) -> Any:
            self.calls.append((path, dict(params or {})))
            reply = original(path, params)
            for hook in self.after_get:
                hook(path, dict(params or {}))
            return reply

        http.get = get  # type: ignore[method-assign]

    def history_pages(self) -> int:
        return sum(1 for path, _ in self.calls if path == "transactions")


def _history_ids(laptop: Technician, ticket_id: int) -> list[int]:
    rows = laptop.db.execute("SELECT id FROM history WHERE ticket_id = ? ORDER BY id", [ticket_id])
    return [row[0] for row in rows]


def _server_history_ids(rt: RunningRT, ticket_id: int) -> list[int]:
    """What reading the ticket by itself brings (the ticket-by-ticket path)."""
    return [txn.id for txn in connector(rt, "alice").fetch_history(ticket_id, 0)]


@pytest.mark.timeout(900)
def test_a_change_to_another_visit_does_not_bring_the_loop_history_again(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    _comments(rt, LOOP, LOOP_COMMENTS, "Auto-reply: out of office")
    _let_the_second_pass()
    assert laptop.sync().ok  # the loop's history comes down once
    assert len(_history_ids(laptop, LOOP)) > LOOP_COMMENTS

    # The loop goes on; a note on #3 alone: the cost of one changed visit.
    _comments(rt, LOOP, 1, "Auto-reply again")
    _let_the_second_pass()
    before = laptop.connector.request_count
    assert laptop.sync().ok
    loop_only = laptop.connector.request_count - before

    # The loop goes on, and a note on another visit, #5, read from far back.
    _comments(rt, LOOP, 1, "Auto-reply once more")
    _comments(rt, OTHER, 1, "Replaced the fuser")
    _let_the_second_pass()
    recorded = Recorded(laptop.connector.http)
    before = laptop.connector.request_count
    report = laptop.sync()
    both = laptop.connector.request_count - before

    assert report.ok and report.tickets_pulled == 2
    # One history search from each ticket's own mark: a page and the empty page
    # that ends it, not #3's hundreds of rows since #5's mark.
    assert recorded.history_pages() <= 2, recorded.calls
    assert both <= loop_only + 1, (both, loop_only)
    # Every transaction still arrives, exactly as each ticket read by itself.
    for ticket_id in (LOOP, OTHER):
        assert _history_ids(laptop, ticket_id) == _server_history_ids(rt, ticket_id)
    bodies = [
        row[0]
        for row in laptop.db.execute(
            "SELECT body FROM history WHERE ticket_id IN (?, ?) AND body IS NOT NULL",
            [LOOP, OTHER],
        )
    ]
    assert any("Auto-reply once more 1" in b for b in bodies)
    assert any("Replaced the fuser 1" in b for b in bodies)
    assert sum("Auto-reply: out of office" in b for b in bodies) == LOOP_COMMENTS


@pytest.mark.timeout(900)
def test_cancel_is_heard_between_the_pages_of_a_long_history(rt: RunningRT, tmp_path: Path) -> None:
    """A first sync with a long history stops at the page Cancel was pressed during;
    the next run brings everything."""
    _comments(rt, LOOP, LOOP_COMMENTS, "Auto-reply: out of office")
    _let_the_second_pass()
    laptop = Technician(rt, "alice", tmp_path)
    cancel = threading.Event()
    recorded = Recorded(laptop.connector.http)
    pages_when_cancelled: list[int] = []

    def press_cancel_on_the_first_history_page(path: str, params: dict[str, Any]) -> None:
        if path == "transactions" and not cancel.is_set():
            cancel.set()
            pages_when_cancelled.append(recorded.history_pages())

    recorded.after_get.append(press_cancel_on_the_first_history_page)
    report = SyncEngine(laptop.db, laptop.connector, cancel=cancel).run()

    assert report.cancelled
    assert pages_when_cancelled == [1]
    # Heard once a page's worth of rows has come (RT may send a page short: it drops
    # the rows the user may not see after cutting it), not after the whole history.
    assert recorded.history_pages() <= 2, "no more history pages after Cancel"
    assert _history_ids(laptop, LOOP) == []

    recorded.after_get.clear()
    assert laptop.sync().ok  # the next run resumes
    assert _history_ids(laptop, LOOP) == _server_history_ids(rt, LOOP)
    assert recorded.history_pages() > 2 + 3, "the whole history is several pages more"
