"""The fleet soak at CI size: 8 technicians and a supervisor, one RT, a flaky link.

What it checks is in ``tests.soak.audit``; how the day goes in ``tests.soak.fleet``.
The benchmark (``bench/fleet_soak.py``) runs the same day with 30 technicians.  Here the
laptops reach RT under the proxy's address, which RT does not know as its own, so the
password technicians' changes take the learned cookie + Basic path; the benchmark puts
RT's ``$WebBaseURL`` on the proxy and measures the usual cookie + Origin path instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import SAMPLE_PASSWORD, RunningRT
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from tests.faults.proxy import FaultProxy
from tests.soak.audit import Audit
from tests.soak.fleet import FleetPlan, make_actors, run_fleet
from tests.soak.provision import create_fleet

pytestmark = [pytest.mark.rt, pytest.mark.slow, pytest.mark.soak]

CI_PLAN = FleetPlan(technicians=8, rounds=4, fault_rate=0.1)


@pytest.mark.timeout(900)
def test_a_fleet_day_through_a_flaky_link_loses_and_doubles_nothing(
    rt: RunningRT, tmp_path: Path
) -> None:
    users = create_fleet(rt, CI_PLAN.technicians, tickets_each=3)
    actors = make_actors(tmp_path, users, rt.token("supervisor"), CI_PLAN, SAMPLE_PASSWORD)
    with FaultProxy(rt.url) as proxy:
        run = run_fleet(CI_PLAN, actors, proxy, proxy.url)
        faults = [s for s in proxy.seen() if s.action != "forwarded"]
    boss = RTConnector(RTHttp(rt.url, Credentials("supervisor", token=rt.token("supervisor"))))
    problems = Audit(run, boss).check()

    assert problems == [], "\n".join(problems)
    # The day really was rough and really did the work (else the audit proves little).
    assert run.kills >= 3
    kinds = {f.action for f in faults}  # each kind meets ~1 % of requests, by chance
    assert {"dropped", "reset"} <= kinds
    assert len(kinds) >= 4, kinds
    assert len(run.notes) >= CI_PLAN.technicians * CI_PLAN.rounds // 2
    assert any(n.photo for n in run.notes)
    assert run.tickets
    assert run.reassignments >= CI_PLAN.rounds
    assert len(run.clashes) >= CI_PLAN.rounds
