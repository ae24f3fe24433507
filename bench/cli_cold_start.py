"""Cold start of ``fielddesk visits`` against a plain ``sqlite3`` script running the same SELECT.

    .venv/bin/python -m bench.cli_cold_start                  # 510 visits, 21 runs of each
    .venv/bin/python -m bench.cli_cold_start --runs 31 --visits 2000
    .venv/bin/python -m bench.cli_cold_start --importtime     # what the command waits for

Target (issue 12, target 5): ≤ 2× the floor.

What is timed, per run, in a **fresh process**: from just before the parent
spawns the child to the child's exit, output read to the end (a pipe, as
in ``fielddesk visits | less``).

- **product**: ``python -m cli --profile P visits`` -- the real entry
  (argument parsing, reading the replica's key, opening the replica with its
  checks and migrations, ``list_visits``, the text lines) over a replica of
  ``--visits`` synthetic visits written through the store as a sync writes
  them (``bench.gui_replica.add_visits``).  The replica is encrypted as a
  user's is, its key in a real Secret Service (gnome-keyring on a private
  D-Bus, ``tests/secret_service.py``) and no keyring backend chosen, so the
  child reads its key as on a Linux laptop.
- **floor**: ``python -c "import sqlite3; ..."`` with the same interpreter
  and site: connect, run the product's own ``LIST_VISITS_SQL`` (taken from
  ``sync.store.tickets`` by this script), print one line per row -- over a
  plaintext copy of the same file (``sqlcipher_export``): the target is a
  plain ``sqlite3`` script.

The two kinds run interleaved (floor first on even runs, product first on
odd ones) so that load on the shared machine hits both alike; the table
gives p50 and p95 and the p50 ratio.  It also gives the children's CPU time
(user + system, from the kernel's accounting): on a loaded machine it moves
far less than the wall time, but it leaves out time spent waiting (for the
Secret Service, the disk), which the wall time -- the target -- counts.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench._common import REPO, metric, print_metrics, print_table, summary_ms, write_json
from sync.profile import Profile
from sync.store.tickets import LIST_VISITS_SQL

TARGET_RATIO = 2.0

FLOOR = r"""
import sqlite3, sys
connection = sqlite3.connect({database!r})
rows = connection.execute({sql!r}).fetchall()
sys.stdout.write("\n".join(" ".join(map(str, row)) for row in rows) + "\n")
"""


def replica(root: Path, visits: int) -> Profile:
    """A profile whose replica holds `visits` synthetic visits (built once, reused)."""
    from bench.gui_replica import add_visits, counts  # noqa: PLC0415 - keyring etc., parent only
    from sync.store import open_database  # noqa: PLC0415

    profile = Profile(root)
    if profile.database_path.exists() and counts(profile.database_path)["visits"] == visits:
        return profile
    profile.ensure()
    profile.database_path.unlink(missing_ok=True)
    db = open_database(profile.database_path)
    try:
        add_visits(db, visits)
    finally:
        db.close()
    return profile


def plaintext_copy(path: Path, target: Path) -> Path:
    """The encrypted replica at path copied unencrypted to target (the floor's file)."""
    from sync.store import cipher  # noqa: PLC0415

    target.unlink(missing_ok=True)
    connection = cipher.connect_file(path)
    try:
        connection.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(target),))
        connection.execute("SELECT sqlcipher_export('plaintext')")
        connection.execute("DETACH DATABASE plaintext")
    finally:
        connection.close()
    return target


@contextmanager
def users_replica(work: Path, visits: int) -> Iterator[tuple[Profile, Path, dict[str, str]]]:
    """A replica as a user's is, a plaintext copy for the floor, the children's variables.

    The profile's replica is encrypted with its key in a private Secret Service
    (gnome-keyring on its own D-Bus), alive for the with-block; the variables make
    a child find that service and no other keyring backend (``child_environment``).
    Built again at every run: the key lived in the last run's Secret Service.
    """
    from tests.secret_service import in_this_process, secret_service  # noqa: PLC0415

    root = work / f"cli-cold-start-{visits}"
    with secret_service(work / "secret-service") as session, in_this_process(session):
        shutil.rmtree(root, ignore_errors=True)
        profile = replica(root, visits)
        plain = plaintext_copy(profile.database_path, work / f"plaintext-{visits}.db")
        yield profile, plain, session


def child_environment(env: dict[str, str], session: dict[str, str]) -> dict[str, str]:
    """env for a child that reads the replica's key from the session's Secret Service,
    as FieldDesk on a Linux laptop does (no keyring backend chosen: bench._common
    chooses a file keyring for its own replicas on machines without one)."""
    out = {**env, **session}
    for name in ("PYTHON_KEYRING_BACKEND", "FIELDDESK_SOAK_KEYRING"):
        out.pop(name, None)
    return out


def commands(profile: Profile, floor_database: Path) -> dict[str, list[str]]:
    floor = FLOOR.format(database=str(floor_database), sql=LIST_VISITS_SQL)
    return {
        "floor": [sys.executable, "-c", floor],
        "product": [sys.executable, "-m", "cli", "--profile", str(profile.root), "visits"],
    }


def environment(source: Path, workdir: Path) -> dict[str, str]:
    """The children's environment: the product from source, with compiled bytecode.

    An installed FieldDesk runs from bytecode (pip and PyInstaller compile it);
    with PYTHONDONTWRITEBYTECODE the product would compile each of its modules
    on every start.  The bytecode goes to a cache of the benchmark's own
    (PYTHONPYCACHEPREFIX), filled by a warm-up run of each kind.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = str(source)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
    env.pop("FIELDDESK_PROFILE", None)
    return env


def children_cpu_s() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_once(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    elapsed, _cpu, stdout = run_timed(command, env, cwd)
    return elapsed, stdout


def run_timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one run of command, and what it printed."""
    cpu = children_cpu_s()
    begin = time.monotonic()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - begin
    if done.returncode != 0:
        raise SystemExit(f"{command[:3]} failed (exit {done.returncode}):\n{done.stderr}")
    return elapsed, children_cpu_s() - cpu, done.stdout


def run(todo: dict[str, list[str]], runs: int, source: Path, env: dict[str, str]) -> dict[str, Any]:
    for command in todo.values():  # warm-up: bytecode written, replica file in the page cache
        run_once(command, env, source)
    samples: dict[str, list[float]] = {"floor": [], "product": []}
    cpu: dict[str, list[float]] = {"floor": [], "product": []}
    lines: dict[str, int] = {}
    for i in range(runs):
        for kind in ("floor", "product") if i % 2 == 0 else ("product", "floor"):
            elapsed, cpu_s, stdout = run_timed(todo[kind], env, source)
            samples[kind].append(elapsed)
            cpu[kind].append(cpu_s)
            lines[kind] = len(stdout.splitlines())
        print(
            f"  run {i + 1}/{runs}: floor {samples['floor'][-1] * 1000:.0f} ms,"
            f" product {samples['product'][-1] * 1000:.0f} ms",
            flush=True,
        )
    return {
        kind: summary_ms(values) | {"lines": lines[kind], "cpu": summary_ms(cpu[kind])}
        for kind, values in samples.items()
    }


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_report(
    product: list[str], source: Path, env: dict[str, str], min_ms: float = 3.0
) -> list[list[Any]]:
    """Top-level imports of one product run costing at least min_ms (cumulative)."""
    command = [product[0], "-Ximporttime", *product[1:]]
    done = subprocess.run(
        command,
        env=env,
        cwd=source,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in done.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match and len(match.group(3)) == 1 and int(match.group(2)) >= min_ms * 1000:
            rows.append([match.group(4), int(match.group(2)) / 1000, int(match.group(1)) / 1000])
    return sorted(rows, key=lambda row: -row[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="starts of each kind")
    parser.add_argument("--visits", type=int, default=510, help="visits in the replica")
    parser.add_argument("--importtime", action="store_true", help="also list slow imports")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO,
        help="run the product from this source tree (e.g. an export of an older commit)",
    )
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    work = Path(args.workdir)
    source = args.source.resolve()
    out: dict[str, Any] = {"runs": args.runs, "visits": args.visits, "source": str(args.source)}
    with users_replica(work, args.visits) as (profile, plain, session):
        print(f"Replica: {profile.database_path} ({args.visits} visits, encrypted)", flush=True)
        env = child_environment(environment(source, work), session)
        todo = commands(profile, plain)
        out |= run(todo, args.runs, source, env)
        if args.importtime:
            out["imports"] = import_report(todo["product"], source, env)
    floor, product = out["floor"], out["product"]
    rows = [
        metric(
            f"fielddesk visits, {args.visits} visits, p50 (ms)",
            product["p50_ms"],
            floor["p50_ms"],
            f"<= {TARGET_RATIO}x floor",
            product["p50_ms"] <= TARGET_RATIO * floor["p50_ms"],
        ),
        metric(
            f"fielddesk visits, {args.visits} visits, p95 (ms)",
            product["p95_ms"],
            floor["p95_ms"],
            "",
            None,
        ),
        metric(
            f"fielddesk visits, {args.visits} visits, CPU p50 (ms)",
            product["cpu"]["p50_ms"],
            floor["cpu"]["p50_ms"],
            "",
            None,
        ),
    ]
    print()
    print_metrics(rows)
    if args.importtime:
        print("\nTop-level imports of one product run costing >= 3 ms (-X importtime; ms):")
        print_table(out["imports"], ("module", "cumulative", "self"))
    out["table"] = rows
    path = write_json("cli_cold_start", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
