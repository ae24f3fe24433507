"""The fleet soak as a benchmark: what one RT costs per technician, as the fleet grows.

    .venv/bin/python -m bench.fleet_soak                       # N = 8, 16, 30 on PostgreSQL
    .venv/bin/python -m bench.fleet_soak --sizes 30 --rounds 6

For each fleet size N it runs the soak's day (``tests.soak.fleet``: N technicians
and a supervisor, separate ``fielddesk`` processes, a flaky proxy, kill -9) and its
audit, then, with the faults off, measures on the same RT:

- RT's CPU-seconds (rt-server and its PostgreSQL, from /proc) and requests per
  *idle* sync, separately for technicians signed in with a token and with a password;
- the same per sync that brings one *changed* ticket (the supervisor changed one
  visit of each technician), minus the idle cost: the cost of a changed ticket;
- wall time of a sync when all N technicians sync at once (p50/p95), and of the
  syncs during the faulty day.

RT runs behind the proxy under the proxy's address (``$WebBaseURL``), so a
password sign-in takes the normal path (session cookie + Origin), as it does
behind a company's reverse proxy.  Technicians alternate token and password.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._common import percentile, print_table, write_json
from devrt.instance import SAMPLE_PASSWORD, RTInstance, RunningRT
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from tests.faults.proxy import FaultProxy
from tests.soak.actor import Actor
from tests.soak.audit import Audit
from tests.soak.fleet import FleetPlan, FleetRun, all_at_once, make_actors, run_fleet
from tests.soak.provision import create_fleet
from tests.soak.server_cpu import CpuReading, read_cpu

# A technician's hour: AutoSync every 10 min (desktop/shell/sync_status.py) and soon after
# each of ~4 changes (notes, time, status, a photo); those 4 and ~2 from the office come back.
SYNCS_PER_HOUR = 10
OWN_CHANGES_PER_HOUR = 4
PULLED_PER_HOUR = 6
PUSH_REQUESTS, PUSH_CPU_S = 2, 0.15  # one change (+ a lookup after a lost reply): auth_costs
BCRYPT_12_EXTRA_S = 0.25  # bench.auth_costs: a token read costs 301 ms at cost 12, 53 ms at 8


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages (other engineers share this machine's 2 cores)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measured(rt: RunningRT, proxy: FaultProxy, work: Callable[[], None]) -> tuple[CpuReading, int]:
    """RT's CPU and the requests it got while work ran."""
    before, seen = read_cpu(rt), len(proxy.seen())
    work()
    return read_cpu(rt) - before, len(proxy.seen()) - seen


def sync_each(actors: list[Actor]) -> Callable[[], None]:
    def work() -> None:
        for actor in actors:
            done = actor.run("sync")
            if done.code not in (0, 3):  # 3: a change refused as reassigned still waits
                raise SystemExit(f"{actor.name}: sync failed: {done.stderr}")

    return work


def change_one_visit_each(boss: RTConnector, actors: list[Actor], label: str) -> None:
    for actor in actors:
        ticket_id = actor.query("SELECT min(id) FROM tickets WHERE id > 0 AND gone IS NULL")[0][0]
        remote = boss.fetch_ticket(ticket_id)
        boss.update_ticket(ticket_id, remote.etag, {"parts_used": f"{label} {time.time():.3f}"})


def costs(rt: RunningRT, proxy: FaultProxy, boss: RTConnector, run: FleetRun) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for auth in ("token", "password"):
        group = [a for a in run.technicians if a.auth == auth]
        idle_cpu, idle_requests = measured(rt, proxy, sync_each(group))
        change_one_visit_each(boss, group, auth)
        changed_cpu, changed_requests = measured(rt, proxy, sync_each(group))
        n = len(group)
        result[auth] = {
            "technicians": n,
            "idle_sync_rt_cpu_s": idle_cpu.rt_s / n,
            "idle_sync_db_cpu_s": idle_cpu.database_s / n,
            "idle_sync_requests": idle_requests / n,
            "changed_ticket_rt_cpu_s": (changed_cpu.rt_s - idle_cpu.rt_s) / n,
            "changed_ticket_db_cpu_s": (changed_cpu.database_s - idle_cpu.database_s) / n,
            "changed_ticket_requests": (changed_requests - idle_requests) / n,
        }
    # Everyone at once, one changed visit each: what a technician waits.
    change_one_visit_each(boss, run.technicians, "burst")
    waits: list[float] = []

    def one(actor: Actor) -> None:
        done = actor.run("sync")
        waits.append(done.seconds)

    burst_cpu, burst_requests = measured(rt, proxy, lambda: all_at_once(run.technicians, one))
    result["burst"] = {
        "p50_s": percentile(waits, 50),
        "p95_s": percentile(waits, 95),
        "rt_cpu_s": burst_cpu.rt_s,
        "db_cpu_s": burst_cpu.database_s,
        "requests": burst_requests,
    }
    return result


def one_size(root: Path, n: int, rounds: int, database: str) -> dict[str, Any]:
    with FaultProxy("http://127.0.0.1:9") as proxy:  # upstream set once RT runs
        instance = RTInstance(root / "rt", print, public_url=proxy.url, database=database)
        instance.up()
        try:
            return measure_size(instance, proxy, root, n, rounds)
        finally:
            instance.down()


def measure_size(
    instance: RTInstance, proxy: FaultProxy, root: Path, n: int, rounds: int
) -> dict[str, Any]:
    rt = instance.reset()  # fresh sample data, and RT configured for this proxy
    proxy.upstream = ("127.0.0.1", rt.port)
    direct = f"http://127.0.0.1:{rt.port}"
    boss = RTConnector(RTHttp(direct, Credentials("supervisor", token=rt.token("supervisor"))))
    users = create_fleet(rt, n, tickets_each=3)
    plan = FleetPlan(technicians=n, rounds=rounds)
    home = Path(tempfile.mkdtemp(prefix=f"fleet-{n}-", dir=root))
    actors = make_actors(home, users, rt.token("supervisor"), plan, SAMPLE_PASSWORD)
    load_before = loadavg()
    day_start, seen_start = read_cpu(rt), len(proxy.seen())
    run = run_fleet(plan, actors, proxy, proxy.url)
    day_cpu = read_cpu(rt) - day_start
    day_requests = len(proxy.seen()) - seen_start
    faults = [s.action for s in proxy.seen() if s.action != "forwarded"]
    audit = Audit(run, boss)
    problems = audit.check()
    print(f"audit: {len(problems)} problems", *problems[:20], sep="\n", flush=True)
    measured_costs = costs(rt, proxy, boss, run)
    day_syncs = [s.seconds for s in run.syncs if s.phase == "day" and s.completed]
    return {
        "technicians": n,
        "rounds": rounds,
        "database": instance.database.kind,
        "load_before": load_before,
        "load_after": loadavg(),
        "day_seconds": run.seconds,
        "day_rt_cpu_s": day_cpu.rt_s,
        "day_db_cpu_s": day_cpu.database_s,
        "day_requests": day_requests,
        "faults": {a: faults.count(a) for a in sorted(set(faults))},
        "kills": run.kills,
        "notes": len(run.notes),
        "photos": sum(n.photo for n in run.notes),
        "new_tickets": len(run.tickets),
        "reassignments": run.reassignments,
        "clashes": len(run.clashes),
        "field_edits": run.field_edits,
        "day_sync_p50_s": percentile(day_syncs, 50),
        "day_sync_p95_s": percentile(day_syncs, 95),
        "audit_problems": problems,
        "known_product_bug_symptoms": len(audit.known),
        "costs": measured_costs,
    }


def sizing(results: list[dict[str, Any]]) -> dict[str, Any]:
    """A technician's hour and the technicians one RT core carries (docs/performance.md)."""
    largest = results[-1]["costs"]
    per_hour: dict[str, Any] = {}
    for auth in ("token", "password"):
        c = largest[auth]
        idle = c["idle_sync_rt_cpu_s"] + c["idle_sync_db_cpu_s"]
        changed = max(c["changed_ticket_rt_cpu_s"] + c["changed_ticket_db_cpu_s"], 0.0)
        requests = (
            SYNCS_PER_HOUR * c["idle_sync_requests"]
            + PULLED_PER_HOUR * c["changed_ticket_requests"]
            + OWN_CHANGES_PER_HOUR * PUSH_REQUESTS
        )
        cpu = SYNCS_PER_HOUR * idle + PULLED_PER_HOUR * changed + OWN_CHANGES_PER_HOUR * PUSH_CPU_S
        bcrypt_checks = requests if auth == "token" else SYNCS_PER_HOUR  # password: sign-in
        cpu_12 = cpu + bcrypt_checks * BCRYPT_12_EXTRA_S
        per_hour[auth] = {
            "requests_per_hour": requests,
            "cpu_s_per_hour_cost_8": cpu,
            "cpu_s_per_hour_cost_12": cpu_12,
            "technicians_per_core_50pct_cost_8": 1800 / cpu,
            "technicians_per_core_50pct_cost_12": 1800 / cpu_12,
        }
    return per_hour


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="8,16,30")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database", default="postgresql", choices=("sqlite", "postgresql"))
    parser.add_argument("--root", type=Path, default=Path(tempfile.gettempdir()) / "fleet-bench")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"== fleet of {n}", flush=True)
        results.append(one_size(args.root, n, args.rounds, args.database))
        write_json("fleet_soak", {"sizes": results}, args.json)
    rows = []
    for r in results:
        for auth in ("token", "password"):
            c = r["costs"][auth]
            rows.append([r["technicians"], auth, c["idle_sync_rt_cpu_s"], c["idle_sync_db_cpu_s"],
                         c["idle_sync_requests"], c["changed_ticket_rt_cpu_s"],
                         c["changed_ticket_requests"], r["costs"]["burst"]["p50_s"],
                         r["costs"]["burst"]["p95_s"], r["day_sync_p50_s"], r["day_sync_p95_s"],
                         len(r["audit_problems"])])  # fmt: skip
    print_table(rows, ("N", "auth", "idle RT s", "idle DB s", "idle req", "chg RT s", "chg req",
                       "burst p50", "burst p95", "day p50", "day p95", "problems"))  # fmt: skip
    summary = sizing(results)
    print(summary)
    path = write_json("fleet_soak", {"sizes": results, "sizing": summary}, args.json)
    print(f"wrote {path}; load average now {loadavg()}")


if __name__ == "__main__":
    main()
