"""A helpdesk that asks to wait until a time (Retry-After as a date) is read by its own
clock: a laptop clock two days behind the helpdesk's does not turn an hour into days.

The real RT, behind the fault proxy answering every request 503 with the helpdesk's
``Date`` and ``Retry-After`` an hour later.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.engine import SyncEngine
from sync.store import open_database
from tests.faults.proxy import FaultProxy, any_request
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt


@pytest.fixture
def proxy(rt: RunningRT) -> Iterator[FaultProxy]:
    with FaultProxy(rt.url) as running:
        yield running


@pytest.mark.parametrize("laptop_behind", [timedelta(days=2), timedelta(0), -timedelta(hours=3)])
def test_an_hours_wait_reads_as_an_hour_whatever_the_laptops_clock(
    rt: RunningRT, proxy: FaultProxy, tmp_path: Path, laptop_behind: timedelta
) -> None:
    helpdesk_now = datetime.now(UTC).replace(microsecond=0) + laptop_behind
    proxy.replace_status(
        any_request,
        503,
        headers=[
            ("Date", format_datetime(helpdesk_now, usegmt=True)),
            ("Retry-After", format_datetime(helpdesk_now + timedelta(hours=1), usegmt=True)),
        ],
    )
    db = open_database(tmp_path / "fd.db")
    try:
        report = SyncEngine(db, connector(rt, "alice", proxy.url), budget_s=600).run()
    finally:
        db.close()

    assert report.next_try_in_s == 3600
    assert "asked us to wait 1 h" in (report.error or "")
