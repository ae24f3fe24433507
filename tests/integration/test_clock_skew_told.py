"""A laptop clock off the helpdesk's is told after a sync, in `fielddesk sync` and the
window (the report's notices): SLA countdowns, "overdue" and timers read that clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from tests.cli.runner import run
from tests.integration.test_lost_laptop import login

pytestmark = pytest.mark.rt


def laptop_clock(off: timedelta) -> type[datetime]:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Clock:  # type: ignore[override]
            return datetime.now(UTC) + off  # type: ignore[return-value]

    return Clock


TOLD = {
    timedelta(hours=2): "this laptop's clock is 2 hours ahead of the helpdesk's",
    timedelta(minutes=-40): "this laptop's clock is 40 minutes behind the helpdesk's",
    timedelta(seconds=20): None,  # right enough: nothing said
}


@pytest.mark.parametrize("off", list(TOLD))
def test_a_sync_says_how_far_and_which_way_the_laptops_clock_is_off(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    off: timedelta,
) -> None:
    told = TOLD[off]
    laptop = tmp_path / "bob"
    assert login(capsys, monkeypatch, laptop, rt.url, rt.token("bob"))[0] == 0
    # Where the connection reads the laptop's clock against each answer's Date.
    monkeypatch.setattr("sync.connectors.rt_http.datetime", laptop_clock(off))
    code, out, err = run(capsys, laptop, "sync")
    assert code == 0, err
    notes = [line for line in out.splitlines() if "laptop's clock" in line]
    assert notes == ([] if told is None else [notes[0]])
    if told is not None:
        assert told in notes[0] and "set the clock right" in notes[0]
