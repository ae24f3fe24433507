"""A batch of many visits shows its progress while it is read, against the real RT.

A first sync pulls the visits a hundred at a time, and a hundred take a remote RT
fifteen seconds or more: the count must move during the batch (history pages,
message searches, equipment), never go back, end at the total, and say what it
does without a visit's content.  The window and ``fielddesk sync`` say it in the
same words.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cli import __main__ as cli
from devrt.instance import RunningRT
from sync.engine import SyncEngine
from sync.report import Progress
from tests.integration.helpers import Technician, connector, past_this_second
from tests.integration.rt_admin import add_comments, create_tickets

if TYPE_CHECKING:
    from sync.connectors.base import BatchProgress

pytestmark = pytest.mark.rt

# Enough visits with enough history for several history pages and two message
# searches (300 messages each), and few enough for one batch of a hundred.
VISITS = 80
COMMENTS = 3
LINE = re.compile(r"Downloading visits: (\d+) of (\d+)(?: — (\w+))?")


@pytest.fixture(scope="module")
def many_visits(rt: RunningRT) -> list[int]:
    """Alice's new visits, each with a few comments, as an import would make them."""
    made = create_tickets(rt, "alice", VISITS)
    add_comments(rt, made, COMMENTS)
    past_this_second()
    return made


def _subjects(rt: RunningRT) -> set[str]:
    """Every subject of alice's visits: customer content, never in a progress line."""
    alice = connector(rt, "alice")
    return {alice.fetch_ticket(t).fields["subject"] or "" for t in alice.owned_ticket_ids()}


def _moves_within_one_batch(counts: list[int], total: int) -> None:
    assert counts == sorted(counts), f"never backwards: {counts}"
    assert counts[-1] == total
    within = sorted({c for c in counts if 0 < c < total})
    assert len(within) >= 3, f"the count moves during the batch: {counts}"


def test_a_batch_of_many_visits_shows_its_progress_as_it_is_read(
    rt: RunningRT, many_visits: list[int], tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    told: list[Progress] = []
    SyncEngine(laptop.db, laptop.connector, progress=told.append).run()

    pulls = [p for p in told if p.phase == "pull"]
    total = pulls[-1].total
    assert VISITS < total <= 100  # one batch: every count between is within it
    _moves_within_one_batch([p.done for p in pulls], total)
    steps = [p.message for p in pulls if p.message]
    assert {"history", "attachments", "equipment"} <= set(steps)
    assert steps.index("history") < steps.index("attachments") < steps.index("equipment")
    lines = [p.line() for p in pulls]
    assert f"Downloading visits: 0 of {total}" in lines
    assert any(re.fullmatch(rf"Downloading visits: \d+ of {total} — history", x) for x in lines)
    assert lines[-1] == f"Downloading visits: {total} of {total}"
    subjects = _subjects(rt)
    assert not [x for x in lines if any(s and s in x for s in subjects)]


def test_the_connector_tells_how_far_a_batch_has_come(
    rt: RunningRT, many_visits: list[int]
) -> None:
    heard: list[BatchProgress] = []
    batch = connector(rt, "alice").fetch_tickets(dict.fromkeys(many_visits, 0), heard.append)

    assert len(batch.pulled) == VISITS
    done = [h.done for h in heard]
    assert done == sorted(done) and done[-1] < VISITS  # nothing is the caller's yet
    assert len({d for d in done if d > 0}) >= 3
    assert heard[0].step == "details"


def test_fielddesk_sync_prints_the_same_progress(
    rt: RunningRT,
    many_visits: list[int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = str(tmp_path / "profile")
    monkeypatch.setattr("sys.stdin", io.StringIO(rt.token("alice") + "\n"))
    login = ["login", "--url", rt.url, "--user", "alice", "--token-stdin"]
    assert cli.main(["--profile", profile, *login]) == 0
    capsys.readouterr()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert cli.main(["--profile", profile, "sync"]) == 0

    shown = [x.rstrip() for x in terminal.getvalue().split("\r") if x.strip()]
    found = [m for m in map(LINE.fullmatch, shown) if m]
    total = int(found[-1][2])
    _moves_within_one_batch([int(m[1]) for m in found], total)
    assert "history" in {m[3] for m in found}
    assert all(len(x) <= 79 for x in shown)  # one terminal line, overwritten in place
