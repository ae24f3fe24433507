"""Durable note save: ``outbox.add_note`` against the floor of one durable commit.

    .venv/bin/python -m bench.note_save            # 300 saves, fresh and lived-in replica
    .venv/bin/python -m bench.note_save --n 1000

``add_note`` writes the history row and the outbox row in one transaction
(WAL, synchronous=FULL).  The floor is the cheapest durable write SQLite can
do with the same settings in the same directory: BEGIN IMMEDIATE, INSERT one
row of the same size, COMMIT.  In WAL mode with synchronous=FULL a COMMIT
appends the changed pages to the -wal file and fsyncs it once; so both should
cost one fsync per save, plus an occasional checkpoint (every ~1000 WAL
pages, which writes and fsyncs the database file too).  The saves and floor
commits are interleaved, so both see the same disk.

The fsyncs are counted with ``strace -f -y -e trace=fsync,fdatasync`` when
strace is installed (a separate, slower run: counts only, no timings).

Two replicas: ``fresh`` (one ticket) and ``lived-in`` (2 000 tickets, 20 000
history rows, 20 000 delivered outbox rows, as after months of use), where
``list_visits`` is timed too, since it shares add_note's per-ticket query.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench._common import (
    REPO,
    emit,
    metric,
    print_metrics,
    run_phase,
    summary_ms,
    write_json,
)

MODULE = "bench.note_save"
TICKET = 1
NOTE = (
    "Replaced the toner cartridge and the drum unit; printed 20 duplex test pages, no"
    " streaks. Customer (Müller) asked for a spare cartridge next visit. 45 min on site."
)
OVERHEAD_TARGET_MS = 1.0
# One fdatasync of the -wal per save; checkpoints (every ~1000 WAL pages) add a
# couple more, amortised over the saves in between.
FSYNC_TARGET = 1.1


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def make_replica(path: Path, *, tickets: int, history: int, done_outbox: int) -> None:
    """A replica holding tickets, history and delivered outbox rows."""
    from bench.corpus import generate_tickets  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store.tickets import apply_remote_history, apply_remote_ticket  # noqa: PLC0415

    db = open_database(fresh(path))
    per_ticket = max(1, history // max(1, tickets))
    with transaction(db):
        for ticket, txns in generate_tickets(tickets, history_per_ticket=per_ticket):
            apply_remote_ticket(db, ticket)
            apply_remote_history(db, ticket.id, txns)
        db.conn.executemany(
            "INSERT INTO outbox (uuid, ticket_ref, kind, payload, base, state, created,"
            " updated, result) VALUES (?, ?, 'note', '{}', '{}', 'done', ?, ?, ?)",
            (
                (f"done-{i}", 1 + i % tickets, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", i)
                for i in range(done_outbox)
            ),
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def make_floor(path: Path) -> None:
    conn = sqlite3.connect(fresh(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    conn.close()


def floor_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def floor_save(conn: sqlite3.Connection) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO notes (body) VALUES (?)", [NOTE])
    conn.execute("COMMIT")


# -- phases -------------------------------------------------------------------------


def phase_timing(args: argparse.Namespace) -> dict[str, Any]:
    from sync import outbox  # noqa: PLC0415
    from sync.store import open_database  # noqa: PLC0415
    from sync.store.tickets import list_visits  # noqa: PLC0415

    db = open_database(Path(args.db))
    floor = floor_connection(Path(args.floor))
    product_s: list[float] = []
    floor_s: list[float] = []
    for i in range(args.n + 5):
        t0 = time.perf_counter()
        outbox.add_note(db, TICKET, NOTE, author="alice", minutes=45)
        t1 = time.perf_counter()
        floor_save(floor)
        t2 = time.perf_counter()
        if i >= 5:  # the first few warm the caches
            product_s.append(t1 - t0)
            floor_s.append(t2 - t1)
    list_s = []
    for _ in range(5):
        t0 = time.perf_counter()
        visits = list_visits(db)
        list_s.append(time.perf_counter() - t0)
    return {
        "product": summary_ms(product_s),
        "floor": summary_ms(floor_s),
        "list_visits": {"visits": len(visits), **summary_ms(list_s)},
    }


def phase_probe(args: argparse.Namespace) -> dict[str, Any]:
    """n saves and nothing else, for strace to count fsyncs."""
    if args.kind == "product":
        from sync import outbox  # noqa: PLC0415
        from sync.store import open_database  # noqa: PLC0415

        db = open_database(Path(args.db))
        for _ in range(args.n):
            outbox.add_note(db, TICKET, NOTE, author="alice", minutes=45)
    else:
        conn = floor_connection(Path(args.floor))
        for _ in range(args.n):
            floor_save(conn)
    return {}


PHASES = {"timing": phase_timing, "probe": phase_probe}

SYNC_CALL = re.compile(r"\b(fsync|fdatasync)\(\d+<([^>]*)>")


def count_fsyncs(kind: str, db: Path, floor: Path, n: int) -> dict[str, Any] | None:
    """fsync/fdatasync calls per save, by file, from strace (None without strace)."""
    strace = shutil.which("strace")
    if strace is None:
        return None
    counts = {}
    for saves in (0, n):  # the difference removes opening the database
        log = Path(tempfile.mkstemp(prefix="fsync-", suffix=".log")[1])
        command = [strace, "-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-o", str(log)]
        command += [sys.executable, "-m", MODULE, "--phase", "probe", "--kind", kind]
        command += ["--db", str(db), "--floor", str(floor), "--n", str(saves)]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(f"strace run failed, fsyncs not counted: {done.stderr.strip()[-300:]}")
            return None
        calls: Counter[str] = Counter()
        for line in log.read_text().splitlines():
            match = SYNC_CALL.search(line)
            if match:
                suffix = "-wal" if match.group(2).endswith("-wal") else "db"
                calls[f"{match.group(1)} {suffix}"] += 1
        log.unlink()
        counts[saves] = calls
    delta = {k: counts[n][k] - counts[0].get(k, 0) for k in counts[n]}
    return {
        "saves": n,
        "calls": delta,
        "per_save": sum(delta.values()) / n,
        "per_save_wal": sum(v for k, v in delta.items() if k.endswith("-wal")) / n,
    }


def run_scenario(name: str, work: Path, args: argparse.Namespace, size: dict[str, int]) -> Any:
    db, floor = work / f"notes-{name}.db", work / f"notes-{name}-floor.db"
    print(f"[{name}] building the replica {size}...", flush=True)
    make_replica(db, **size)
    make_floor(floor)
    timing = run_phase(MODULE, "timing", "--db", str(db), "--floor", str(floor), "--n", str(args.n))
    fsyncs = {}
    if not args.no_strace:
        print(f"[{name}] counting fsyncs with strace...", flush=True)
        make_replica(db, **size)
        make_floor(floor)
        for kind in ("product", "floor"):
            fsyncs[kind] = count_fsyncs(kind, db, floor, args.strace_n)
    return {"size": size, "timing": timing, "fsyncs": fsyncs}


def table_rows(name: str, result: dict[str, Any]) -> list[dict[str, Any]]:
    product, floor = result["timing"]["product"], result["timing"]["floor"]
    rows = []
    for stat in ("p50_ms", "p95_ms"):
        overhead = product[stat] - floor[stat]
        rows.append(
            metric(
                f"[{name}] add_note {stat[:3]} (ms)",
                product[stat],
                floor[stat],
                f"<= floor + {OVERHEAD_TARGET_MS:.0f} ms",
                overhead <= OVERHEAD_TARGET_MS,
            )
        )
        rows.append(
            metric(f"[{name}]   overhead over floor {stat[:3]} (ms)", overhead, None, "", None)
        )
    fs = result["fsyncs"]
    if fs.get("product") and fs.get("floor"):
        rows.append(
            metric(
                f"[{name}] fsyncs per save (all files)",
                fs["product"]["per_save"],
                fs["floor"]["per_save"],
                "1 (+ checkpoints)",
                fs["product"]["per_save"] <= FSYNC_TARGET,
            )
        )
        rows.append(
            metric(
                f"[{name}]   of which on the -wal",
                fs["product"]["per_save_wal"],
                fs["floor"]["per_save_wal"],
                "",
                None,
            )
        )
    lv = result["timing"]["list_visits"]
    rows.append(
        metric(
            f"[{name}] list_visits, {lv['visits']} visits, p50 (ms)", lv["p50_ms"], None, "", None
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="timed saves per scenario")
    parser.add_argument("--strace-n", type=int, default=400, help="saves in the fsync count")
    parser.add_argument("--no-strace", action="store_true")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    parser.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--kind", choices=["product", "floor"], help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        emit(PHASES[args.phase](args))
        return

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    scenarios = {
        "fresh": {"tickets": 1, "history": 1, "done_outbox": 0},
        "lived-in": {"tickets": 2000, "history": 20_000, "done_outbox": 20_000},
    }
    out: dict[str, Any] = {"n": args.n}
    rows: list[dict[str, Any]] = []
    for name, size in scenarios.items():
        out[name] = run_scenario(name, work, args, size)
        rows += table_rows(name, out[name])
    print()
    print_metrics(rows)
    out["table"] = rows
    path = write_json("note_save", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
