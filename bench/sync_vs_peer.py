"""FieldDesk's sync side by side with a naive python-rt client, in one run (issue 12, item 1).

    .venv/bin/python -m bench.sync_vs_peer            # 512 tickets + 5 041 articles (~25 min)
    .venv/bin/python -m bench.sync_vs_peer --small    # the sample data only (~2 min)
    .venv/bin/python -m bench.sync_vs_peer --repeat 2 # initial syncs twice, interleaved A B B A

The peer (bench/naive_rt_client.py) mirrors alice's tickets with history the obvious way
with PyPI ``rt`` 3.8.1, from the benchmarks' own venv (bench/.peer-venv, made on first
use). FieldDesk runs a full ``SyncEngine.run()`` as ``bench.sync_requests`` does (it also
pulls the KB, related tickets and site assets; the peer does not).  Both talk to the same
private RT through the same pass-through proxy (tests/faults/proxy.py, no faults), which
counts every request of both the same way.

Scenarios, in this order on one RT: the initial sync of each into an empty replica;
FieldDesk's next syncs until every site's related tickets are in (it asks about a bounded
number of new sites a sync; reported apart, the peer has no such thing); idle syncs
(nothing changed), interleaved; then 10 of alice's tickets get a note on the
helpdesk side and each syncs once.  The RT instance (--rt-dir, default $TMPDIR/bench-rt)
is reset to the sample data first (the large data set is added to it): never point it
at an instance someone else uses.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from bench._common import metric, print_table, rt_bench_options, summary_ms, write_json
from bench.naive_peer import PEER_REQUIREMENT, peer_python, run_peer
from bench.sync_requests import Bench, load_bulk, print_kinds, with_server
from devrt.instance import RTInstance, RunningRT
from sync import related
from sync.connectors.base import NoteRequest
from sync.store.tickets import ticket_ids
from tests.faults.proxy import FaultProxy

OWNER = "alice"
CHANGED = 10
IDLE_RUNS = 3
MAX_CATCH_UP = 20  # syncs: far more than 512 visits' sites need (100 new sites a sync)
REQUESTS_TARGET = 0.2  # FieldDesk's initial sync, in the peer's requests
WALL_TARGET = 0.3  # ... and in its wall time
IDLE_TARGET = 2  # requests
HEADER = ("metric", "FieldDesk", f"naive python-rt ({PEER_REQUIREMENT})", "ratio", "target", "")
KEYS = ("metric", "value", "floor", "ratio", "target", "verdict")


class Side(Protocol):
    name: str

    def fresh(self, label: str) -> None: ...
    def sync(self) -> dict[str, Any]: ...
    def held(self) -> set[int]: ...


class FieldDesk:
    """FieldDesk's replica and engine, as Session.sync runs them (bench.sync_requests)."""

    name = "FieldDesk"

    def __init__(self, bench: Bench) -> None:
        self.bench = bench
        self.db: Any = None

    def fresh(self, label: str) -> None:
        if self.db is not None:
            self.db.close()
        self.db = self.bench.replica(f"vs-peer-{label}")

    def sync(self) -> dict[str, Any]:
        run = self.bench.sync(self.db)
        return run | {"fetched": run["tickets_pulled"]}

    def held(self) -> set[int]:
        return set(ticket_ids(self.db))

    def catch_up(self, proxy: FaultProxy) -> list[dict[str, Any]]:
        """The syncs after the first that bring the related tickets of the sites it left
        for later (``sync.related`` asks about a bounded number of new sites a sync).  Run
        before the idle syncs: until then a sync with nothing changed is not idle."""
        runs: list[dict[str, Any]] = []
        while related.waiting(self.db) and len(runs) < MAX_CATCH_UP:
            runs.append(counted(proxy, self))
        return runs


class NaivePeer:
    """The python-rt mirror script in its own venv, one process per sync."""

    name = "naive"

    def __init__(self, url: str, token: str, work: Path) -> None:
        self.url, self.token, self.work = url, token, work
        self.db = work / "peer.db"

    def fresh(self, label: str) -> None:
        self.db = self.work / f"peer-{label}.db"
        self.db.unlink(missing_ok=True)

    def sync(self) -> dict[str, Any]:
        return run_peer(self.url, self.token, OWNER, self.db)

    def held(self) -> set[int]:
        with sqlite3.connect(self.db) as db:
            return {row[0] for row in db.execute("SELECT id FROM tickets")}


def peer_kind(path: str) -> str:
    """A request's resource with its ids blanked: ``ticket/N/history``."""
    return re.sub(r"/\d+", "/N", path.split("/REST/2.0/", 1)[-1])


def counted(proxy: FaultProxy, side: Side) -> dict[str, Any]:
    """One sync of side, with the requests the proxy saw during it."""
    before = len(proxy.seen())
    run = side.sync()
    seen = proxy.seen()[before:]
    run["requests_seen"] = len(seen)
    run["by_path"] = dict(Counter(peer_kind(s.path) for s in seen).most_common())
    if "requests" in run and run["requests"] != len(seen):
        raise SystemExit(f"FieldDesk counted {run['requests']} requests, the proxy {len(seen)}")
    return run


def interleaved(
    proxy: FaultProxy, sides: list[Side], runs: int, before: Callable[[Side, int], None]
) -> dict[str, list[dict[str, Any]]]:
    """runs rounds of one sync of each side, alternating who goes first (A B, B A, ...);
    FieldDesk first in the first round (it meets RT's freshly started workers)."""
    out: dict[str, list[dict[str, Any]]] = {side.name: [] for side in sides}
    for n in range(runs):
        for side in sides if n % 2 == 0 else sides[::-1]:
            before(side, n)
            out[side.name].append(counted(proxy, side))
    return out


def change_tickets(rt: RunningRT, work: Path, tickets: list[int]) -> list[int]:
    """A note on CHANGED of the tickets, written on the helpdesk side (not through the proxy)."""
    step = max(1, len(tickets) // CHANGED)
    chosen = tickets[::step][:CHANGED]
    supervisor = Bench(rt, work).connector("supervisor", record=False)
    for ticket in chosen:
        supervisor.add_note(NoteRequest(ticket, str(uuid.uuid4()), "Bench: parts arrived."))
    time.sleep(1.1)  # both see the changes in a second that is over (FieldDesk's cursor rule)
    return chosen


def scenarios(rt: RunningRT, work: Path, repeat: int) -> dict[str, Any]:
    peer_python()  # the venv is made before anything is timed
    with FaultProxy(rt.url) as proxy:
        fielddesk = FieldDesk(Bench(rt, work, url=proxy.url))
        peer = NaivePeer(proxy.url, rt.token(OWNER), work)
        sides: list[Side] = [fielddesk, peer]
        print("Initial syncs...", flush=True)
        out: dict[str, Any] = {
            "initial": interleaved(proxy, sides, repeat, lambda s, n: s.fresh(str(n)))
        }
        held = {side.name: side.held() for side in sides}
        if held[fielddesk.name] != held[peer.name]:
            raise SystemExit(f"the two mirrors hold different tickets: {held}")
        out["tickets"] = len(held[fielddesk.name])
        out["catch_up"] = fielddesk.catch_up(proxy)
        print(
            f"  both hold alice's {out['tickets']} tickets; FieldDesk took "
            f"{len(out['catch_up'])} more syncs for every site's related tickets; idle syncs...",
            flush=True,
        )
        out["idle"] = interleaved(proxy, sides, IDLE_RUNS, lambda s, n: None)
        out["changed_tickets"] = change_tickets(rt, work, sorted(held[fielddesk.name]))
        print(f"  {CHANGED} tickets changed on the helpdesk; sync of each...", flush=True)
        out["changed"] = interleaved(proxy, sides, 1, lambda s, n: None)
        fielddesk.db.close()
    return out


def p50(runs: list[dict[str, Any]], key: str) -> float:
    return summary_ms([r[key] for r in runs])["p50_ms"] / 1000


def row(
    name: str, ours: float, theirs: float | None, target: str = "", ok: bool | None = None
) -> Any:
    return metric(name, ours, theirs, target, ok)


def table(out: dict[str, Any]) -> list[dict[str, Any]]:
    fd, naive = "FieldDesk", "naive"
    initial, idle, changed = out["initial"], out["idle"], out["changed"]
    req = (p50(initial[fd], "requests_seen"), p50(initial[naive], "requests_seen"))
    wall = (p50(initial[fd], "seconds"), p50(initial[naive], "seconds"))
    # The KB listing's span, not its requests' seconds added up: its pages overlap.
    kb_seconds = [r["kinds"]["articles"]["span"] for r in initial[fd] if "articles" in r["kinds"]]
    idle_requests = max(r["requests_seen"] for r in idle[fd])
    return [
        row(
            f"initial sync, {out['tickets']} tickets: requests",
            *req,
            f"<= {REQUESTS_TARGET}x",
            req[0] <= REQUESTS_TARGET * req[1],
        ),
        row(
            "initial sync: wall (s)",
            *wall,
            f"<= {WALL_TARGET}x",
            wall[0] <= WALL_TARGET * wall[1],
        ),
        row(
            "  FieldDesk without its KB listing (s)",
            wall[0] - min(kb_seconds, default=0.0),
            wall[1],
        ),
        row(
            "idle sync: requests (most of any run)",
            idle_requests,
            max(r["requests_seen"] for r in idle[naive]),
            f"FieldDesk <= {IDLE_TARGET}",
            idle_requests <= IDLE_TARGET,
        ),
        row("idle sync: wall p50 (s)", p50(idle[fd], "seconds"), p50(idle[naive], "seconds")),
        row(
            "  FieldDesk's later syncs for every site's related tickets: syncs",
            len(out["catch_up"]),
            None,
        ),
        row(
            "  ... their requests, in all (the peer has no related tickets)",
            sum(r["requests_seen"] for r in out["catch_up"]),
            None,
        ),
        row("  ... their wall, in all (s)", sum(r["seconds"] for r in out["catch_up"]), None),
        row(
            f"after {CHANGED} tickets changed: requests",
            changed[fd][0]["requests_seen"],
            changed[naive][0]["requests_seen"],
        ),
        row(
            f"after {CHANGED} tickets changed: wall (s)",
            changed[fd][0]["seconds"],
            changed[naive][0]["seconds"],
        ),
        row(
            f"after {CHANGED} tickets changed: tickets fetched",
            changed[fd][0]["fetched"],
            changed[naive][0]["fetched"],
        ),
    ]


def print_report(out: dict[str, Any]) -> None:
    print()
    print_table([[r[k] for k in KEYS] for r in out["table"]], HEADER)
    phases = ("initial", "idle", "changed")
    print_kinds("FieldDesk", {phase: out[phase]["FieldDesk"][0] for phase in phases})
    print("\nnaive python-rt: requests by resource")
    runs = [out[phase]["naive"][0]["by_path"] for phase in phases]
    paths = sorted({p for r in runs for p in r})
    print_table([[p, *(r.get(p, 0) for r in runs)] for p in paths], ("path", *phases))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true", help="the sample data only (quick)")
    parser.add_argument("--tickets", type=int, default=500, help="tickets added (not --small)")
    parser.add_argument("--articles", type=int, default=5000, help="articles added (not --small)")
    parser.add_argument("--repeat", type=int, default=1, help="initial syncs of each, interleaved")
    rt_bench_options(parser, "bench-rt")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"peer": PEER_REQUIREMENT}

    def body(instance: RTInstance, rt: RunningRT) -> None:
        if not args.small:
            print(f"Creating {args.tickets} tickets and {args.articles} articles...", flush=True)
            out["created"] = load_bulk(instance, args.tickets, args.articles)
        out.update(scenarios(rt, work, args.repeat))

    with_server(Path(args.rt_dir), args.keep, body)
    out["table"] = table(out)
    print_report(out)
    name = "sync_vs_peer_small" if args.small else "sync_vs_peer"
    path = write_json(name, out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
