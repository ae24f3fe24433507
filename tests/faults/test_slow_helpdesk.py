"""A helpdesk that trickles, never answers, asks to wait an hour or fails every few
replies: each sync still ends within its budget with a clear word, and a flaky
link still completes a pull.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cli import __main__ as cli
from sync import outbox
from sync.engine import SyncEngine
from sync.profile import Profile
from sync.session import sign_in
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.faults.checks import Rig, connect, outbox_row, unique
from tests.faults.proxy import any_request, comment_on

pytestmark = pytest.mark.rt

BUDGET_S = 20.0
# One socket read may still be under way when the budget ends.
OVERRUN_S = 35.0


def timed_sync(rig: Rig, budget_s: float = BUDGET_S) -> tuple[float, object]:
    started = time.monotonic()
    report = SyncEngine(rig.db, rig.connector, budget_s=budget_s).run()
    return time.monotonic() - started, report


def test_a_trickling_helpdesk_ends_the_sync_within_its_budget(rig: Rig) -> None:
    row = outbox.add_note(rig.db, rig.visits[0].id, unique("Tested the UPS."), author="alice")
    rig.proxy.trickle(bytes_per_s=20, predicate=lambda method, _path: method == "GET")

    elapsed, report = timed_sync(rig)

    assert elapsed < BUDGET_S + OVERRUN_S
    assert report.offline and not report.ok  # type: ignore[attr-defined]
    assert "not answering" in report.error  # type: ignore[attr-defined]
    assert f"{BUDGET_S:.0f} s" in report.error  # type: ignore[attr-defined]  # the figure
    assert outbox_row(rig.db, row).state in outbox.OPEN_STATES  # kept for the next sync


def test_a_helpdesk_that_never_answers_ends_the_sync_within_its_budget(rig: Rig) -> None:
    rig.proxy.delay(3600)  # accepts every request, answers none

    elapsed, report = timed_sync(rig)

    assert elapsed < BUDGET_S + OVERRUN_S
    # Said after the first silence, before the budget is spent.
    assert report.offline and "does not answer" in report.error  # type: ignore[attr-defined]


def test_retry_after_an_hour_ends_the_run_and_says_when(rig: Rig) -> None:
    rig.proxy.replace_status(any_request, 503, headers=[("Retry-After", "3600")])

    elapsed, report = timed_sync(rig, budget_s=600)

    assert elapsed < 10, "the run waited instead of stopping"
    assert report.next_try_in_s == 3600  # type: ignore[attr-defined]
    assert "wait 1 h" in report.error  # type: ignore[attr-defined]


def test_retry_after_an_hour_on_sending_a_change_tells_the_hour_not_the_backoff(
    rig: Rig,
) -> None:
    text = unique("Swapped the label printer head.")
    row = outbox.add_note(rig.db, rig.visits[0].id, text, author="alice")
    rig.proxy.replace_status(comment_on(), 503, headers=[("Retry-After", "3600")])

    elapsed, report = timed_sync(rig, budget_s=600)

    assert elapsed < 10, "the run waited instead of stopping"
    assert report.next_try_in_s == 3600  # type: ignore[attr-defined]
    assert "wait 1 h" in report.error  # type: ignore[attr-defined]
    assert outbox_row(rig.db, row).state in outbox.OPEN_STATES  # kept for the next sync


def test_fielddesk_sync_says_when_it_is_worth_trying_again(
    rig: Rig, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Profile(tmp_path / "cli")
    sign_in(profile, rig.proxy.url, "alice", rig.rt.token("alice"), "token")
    rig.proxy.replace_status(any_request, 503, headers=[("Retry-After", "3600")])

    asked = datetime.now(UTC)
    code = cli.main(["--profile", str(profile.root), "sync"])
    told = datetime.now(UTC)

    _, err = capsys.readouterr()
    assert code == 1
    # The next try as the technician's clock shows it: an hour on, rounded up to the minute,
    # "tomorrow" when that hour crosses midnight.
    after = set()
    for moment in (asked, told):
        then = (moment + timedelta(hours=1, seconds=59.999999)).astimezone()
        day = "tomorrow " if then.date() != moment.astimezone().date() else ""
        after.add(f"{day}{then:%H:%M}")
    assert err.startswith("fielddesk: helpdesk busy: it asked us to wait 1 h; try again after ")
    assert any(f"try again after {hhmm}. Your changes are kept\n" in err for hhmm in after), err


def test_a_flaky_link_still_completes_a_first_pull(rig: Rig, tmp_path: Path) -> None:
    """Every third read fails: a gateway page, a busy helpdesk, or a reply we cannot read."""
    reads = itertools.count()
    seen = [0]

    def counting(method: str, _path: str) -> bool:  # evaluated once per request, first
        if method == "GET":
            seen[0] = next(reads)
        return method == "GET" and seen[0] % 9 == 2

    def read_number(remainder: int) -> Callable[[str, str], bool]:
        return lambda method, _path: method == "GET" and seen[0] % 9 == remainder

    rig.proxy.replace_status(counting, 502)
    rig.proxy.replace_status(read_number(5), 503)
    rig.proxy.replace_status(read_number(8), 200, body=b'{"items": [{"id": 1, "Subj')  # cut off
    laptop = open_database(tmp_path / "flaky.db")
    fresh = connect(rig.rt, rig.proxy.url)

    report = SyncEngine(laptop, fresh, budget_s=600).run()

    assert report.ok, report
    assert {v.id for v in ticket_store.list_visits(laptop)} == {
        v.id for v in ticket_store.list_visits(rig.db)
    }
    assert rig.proxy.seen("replaced"), "the link was flaky indeed"
    laptop.close()
    fresh.http.close()
