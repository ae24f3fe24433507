"""A laptop whose clock was wrong when it synced keeps its data, unsent work included,
against the real RT: the offline limit counts from the helpdesk's clock of the sync.

IT's limits: visits locked after 7 days without a successful sync, data erased after 30.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from tests.cli.runner import run
from tests.integration.helpers import comments_with
from tests.integration.test_lost_laptop import deploy, login, open_visit

pytestmark = pytest.mark.rt

NOTE = "Fuser replaced; customer signed the report"
BEHIND = timedelta(days=31)  # a flat CMOS battery: the clock a month behind


class ClockBehind(datetime):
    """The laptop's clock while it syncs: a month behind the real time."""

    @classmethod
    def now(cls, tz: object = None) -> ClockBehind:  # type: ignore[override]
        return datetime.now(UTC) - BEHIND  # type: ignore[return-value]


def test_a_sync_made_with_the_clock_a_month_behind_erases_nothing_when_ntp_puts_it_right(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    deploy(
        tmp_path,
        monkeypatch,
        "[security]\nlock_after_offline_days = 7\nwipe_after_offline_days = 30\n",
    )
    bob = tmp_path / "bob"
    assert login(capsys, monkeypatch, bob, rt.url, rt.token("bob"))[0] == 0
    with monkeypatch.context() as laptop:
        # Where the replica takes the laptop's clock when it records a sync.
        laptop.setattr("sync.store.settings.datetime", ClockBehind)
        code, _, err = run(capsys, bob, "sync")
    assert code == 0, err

    # NTP has put the clock right.  The next opening shows the visits...
    code, _, err = run(capsys, bob, "visits")
    assert code == 0 and "wiped" not in err and "locked" not in err, err
    # ...and keeps the note the technician then writes on site, offline.
    ticket = open_visit(capsys, bob)
    code, _, err = run(capsys, bob, "note", str(ticket), NOTE)
    assert code == 0, err
    code, _, err = run(capsys, bob, "visits")
    assert code == 0, err
    code, out, err = run(capsys, bob, "outbox")
    assert code == 0 and NOTE[:20] in out, (out, err)

    code, _, err = run(capsys, bob, "sync")  # and the note reaches the helpdesk, once
    assert code == 0, err
    assert len(comments_with(rt, ticket, NOTE)) == 1
