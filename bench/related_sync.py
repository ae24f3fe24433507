"""RT time per sync of the related-tickets step, at the sample's sites and at ~500 sites.

    .venv/bin/python -m bench.related_sync --before /tmp/related-before
    .venv/bin/python -m bench.related_sync --sites 500 --skip-before

``--before DIR`` is a copy of the code before the bounded refresh (for example
``git archive aabdd11 | tar -x -C DIR``): its ``sync`` package runs the same scenarios
in a child process, against the same RT, so both columns come from one run.

Uses its own RT instance directory (default /tmp/bench-rt-related), reset to the sample
data first.  For the large case, N tickets at N distinct sites ("Bench site <n>") are
created server-side (bench/rt_bulk_data.pl) and the replica gets a visit at each of them.

Each code version, in a fresh child process: a full sync of alice's sample data, then
(with the related tickets emptied, as on a new laptop) ``related.refresh`` run by run a
minute apart until a run asks nothing; then one ticket changes at a followed site and a
refresh once the interval is due.  Per run: requests, their time as the client sees it
(RT's time plus the round trip) and the sites and assets named in the TicketSQL.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULT_MARK = "BENCH-RESULT "
MAX_RUNS = 12


def child(code: str, url: str, tokens: dict[str, str], sites: int, work: Path) -> dict[str, Any]:
    """The scenarios with the ``sync`` package of ``code`` (imported only here)."""
    sys.path.insert(0, code)
    import bench._common  # noqa: F401, PLC0415 - a keyring for the replica (see there)
    from sync import related  # noqa: PLC0415
    from sync.connectors.rt import FIELD_QUEUE, RTConnector  # noqa: PLC0415
    from sync.connectors.rt_http import Credentials, RTHttp  # noqa: PLC0415
    from sync.engine import SyncEngine  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store import tickets as ticket_store  # noqa: PLC0415
    from tests.sync.test_store import remote_ticket  # noqa: PLC0415

    def connector(user: str) -> Any:
        return RTConnector(RTHttp(url, Credentials(user, token=tokens[user])), timezone="UTC")

    path = work / f"related-{sites}-{abs(hash(code))}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    if not SyncEngine(db, connector("alice")).run().ok:
        raise SystemExit("the sample sync failed")
    with transaction(db):
        for n in range(sites):
            visit = remote_ticket(900_000 + n, site=f"Bench site {n}", visit_start=None)
            ticket_store.apply_remote_ticket(db, visit)
        for table in ("related_tickets", "related_assets", "related_watch"):
            db.execute(f"DELETE FROM {table}")
        db.execute("DELETE FROM settings WHERE key LIKE 'related.%'")
    alice = connector("alice")
    calls = record(alice)
    start = time.time()
    runs = []
    for minute in range(MAX_RUNS):
        related.refresh(db, alice, now=start + 60 * minute)
        runs.append(summarise(calls))
        if runs[-1]["requests"] == 0:
            break
    site = f"Bench site {sites // 2}" if sites else "Acme Dental Clinic"
    connector("supervisor").http.post(
        "ticket",
        {"Queue": FIELD_QUEUE, "Subject": "Bench: jammed again", "CustomFields": {"Site": site}},
    )
    related.refresh(db, alice, now=start + related.REFRESH_AFTER_S + 3600)
    due = summarise(calls)
    followed = db.execute("SELECT COUNT(*) FROM related_watch").fetchone()[0]
    held = db.execute("SELECT COUNT(*) FROM related_tickets").fetchone()[0]
    db.close()
    return {"runs": runs, "due": due, "followed": followed, "held": held}


def record(connector: Any) -> list[dict[str, Any]]:
    """Every request the connector sends: seconds and the sites/assets its TicketSQL names."""
    calls: list[dict[str, Any]] = []
    send = connector.http.session.request

    def recorded(method: str, address: str, **kwargs: Any) -> Any:
        query = str(dict(kwargs.get("params") or {}).get("query") or "")
        began = time.perf_counter()
        response = send(method, address, **kwargs)
        named = query.count("CF.{Site} =") + query.count("RefersTo =")
        calls.append({"seconds": time.perf_counter() - began, "named": named})
        return response

    connector.http.session.request = recorded
    return calls


def summarise(calls: list[dict[str, Any]]) -> dict[str, Any]:
    taken = list(calls)
    calls.clear()
    return {
        "requests": len(taken),
        "seconds": sum(c["seconds"] for c in taken),
        "named_max": max((c["named"] for c in taken), default=0),
        "named_total": sum(c["named"] for c in taken),
    }


# -- the parent: RT, bulk data, one child per code version and size ------------------


def run_child(code: Path, rt: Any, sites: int, work: Path) -> dict[str, Any]:
    repo = Path(__file__).resolve().parent.parent
    args = json.dumps({"code": str(code), "url": rt.url, "tokens": rt.tokens, "sites": sites})
    done = subprocess.run(
        [sys.executable, "-m", "bench.related_sync", "--child", args, "--workdir", str(work)],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            result: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            return result
    raise SystemExit(f"child failed ({code}, {sites} sites):\n{done.stdout}\n{done.stderr}")


def load_sites(instance: Any, sites: int) -> None:
    """One ticket owned by alice at each of ``sites`` new sites, created inside RT."""
    from bench._common import REPO  # noqa: PLC0415

    rows = [
        {
            "subject": f"Bench visit at site {n}",
            "requestor": f"bench{n}@example.test",
            "priority": 50,
            "body": "Bench ticket.",
            "fields": {"Site": f"Bench site {n}", "Visit Start": "2027-01-04 09:00:00"},
        }
        for n in range(sites)
    ]
    data = Path(tempfile.mkstemp(prefix="rt-sites-", suffix=".json")[1])
    data.write_text(json.dumps({"owner": "alice", "tickets": rows, "articles": []}))
    done = subprocess.run(
        ["perl", str(REPO / "bench" / "rt_bulk_data.pl"), str(data)],
        env=instance._rt_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    data.unlink()
    if done.returncode != 0:
        raise SystemExit(f"bulk data failed:\n{done.stderr[-2000:]}")


def rows(results: dict[str, dict[str, Any]]) -> list[list[Any]]:
    table = []
    for label, out in results.items():
        first, due = out["runs"][0], out["due"]
        until_idle = out["runs"][:-1] if out["runs"][-1]["requests"] == 0 else out["runs"]
        table.append(
            [
                label,
                first["requests"],
                first["seconds"],
                first["named_max"],
                len(until_idle),
                sum(r["seconds"] for r in until_idle),
                due["requests"],
                due["seconds"],
                due["named_max"],
                out["followed"],
                out["held"],
            ]
        )
    return table


HEADER = (
    "code / sites",
    "1st sync: req",
    "1st: s",
    "1st: max named",
    "syncs to all",
    "all: s",
    "due: req",
    "due: s",
    "due: max named",
    "followed",
    "held",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--rt-dir", default=str(Path(tempfile.gettempdir()) / "bench-rt-related"))
    parser.add_argument("--sites", type=int, default=500, help="sites added for the large case")
    parser.add_argument("--before", help="a copy of the code before, to run the same scenarios")
    parser.add_argument("--keep", action="store_true", help="leave the RT server running")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    if args.child:
        given = json.loads(args.child)
        out = child(given["code"], given["url"], given["tokens"], given["sites"], work)
        print(RESULT_MARK + json.dumps(out), flush=True)
        return

    from bench._common import REPO, print_table, write_json  # noqa: PLC0415
    from bench.sync_requests import with_server  # noqa: PLC0415

    codes = {"after": REPO} | ({"before": Path(args.before)} if args.before else {})
    results: dict[str, dict[str, Any]] = {}

    def scenarios(instance: Any, rt: Any) -> None:
        for sites in (0, args.sites):
            if sites:
                print(f"Creating {sites} tickets at {sites} sites in RT...", flush=True)
                load_sites(instance, sites)
            for name, code in codes.items():
                print(f"  {name}, sample + {sites} sites...", flush=True)
                results[f"{name} / +{sites}"] = run_child(code, rt, sites, work)

    with_server(Path(args.rt_dir), args.keep, scenarios)
    print()
    print_table(rows(results), HEADER)
    path = write_json("related_sync", {"results": results}, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
