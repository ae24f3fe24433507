"""The fault tests' rig: alice's replica talking to the real RT through a proxy.

Every test talks to RT through ``rig.proxy`` (faults switched on and off) and
checks the outcome with ``rig.helpdesk``, a connector straight to RT.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.engine import SyncEngine
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.faults.checks import Rig, connect
from tests.faults.proxy import FaultProxy


@pytest.fixture
def rig(rt: RunningRT, tmp_path: Path) -> Iterator[Rig]:
    db = open_database(tmp_path / "fd.db")
    with FaultProxy(rt.url) as proxy:
        connector = connect(rt, proxy.url)
        helpdesk = connect(rt, rt.url)
        try:
            report = SyncEngine(db, connector).run()
            assert report.ok, report
            visits = [
                v for v in ticket_store.list_visits(db) if v.status not in ("resolved", "rejected")
            ]
            assert len(visits) >= 4, "the sample data gives alice several open visits"
            yield Rig(rt, db, proxy, connector, helpdesk, visits)
        finally:
            helpdesk.http.close()
            connector.http.close()
            db.close()
