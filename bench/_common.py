"""Helpers shared by the benchmarks: timing, percentiles, RSS, tables, child phases.

Every benchmark measures a *floor* (the cheapest way to do the same work with
plain sqlite3 or the fewest possible requests) in the same run as the product
path, and reports the ratio: on a noisy machine the ratio is stable where the
absolute numbers are not.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
RESULT_MARK = "BENCH-RESULT "
KEYRING_FILE = Path(tempfile.gettempdir()) / "fielddesk-bench-keyring.json"


def _keyring_for_benchmarks() -> None:
    """The replicas benchmarks build are encrypted, their keys kept in the keyring.

    On a machine without one (a server, CI), they go to a file of the benchmarks'
    own (tests/soak/file_keyring.py, chosen by name, inherited by child processes):
    throw-away keys of throw-away data, never a product path.
    """
    if "PYTHON_KEYRING_BACKEND" in os.environ:
        return
    from sync.secrets import keyring_available  # noqa: PLC0415

    if not keyring_available():
        os.environ["PYTHON_KEYRING_BACKEND"] = "tests.soak.file_keyring.FileKeyring"
        os.environ["FIELDDESK_SOAK_KEYRING"] = str(KEYRING_FILE)
        import keyring  # noqa: PLC0415

        from tests.soak.file_keyring import FileKeyring  # noqa: PLC0415

        keyring.set_keyring(FileKeyring())


_keyring_for_benchmarks()


def qt_platform(name: str) -> str:
    """``QT_QPA_PLATFORM`` for a bench: offscreen on a laptop-sized screen (the main window
    opens maximised on a screen smaller than its first size, as the offscreen default is)."""
    from tests.laptop_screen import offscreen_platform  # noqa: PLC0415 - GUI benches only

    return offscreen_platform() if name == "offscreen" else name


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100), nearest-rank on the sorted samples."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(samples_s: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / mean / max of samples given in seconds, in milliseconds."""
    ms = [s * 1000 for s in samples_s]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "mean_ms": statistics.fmean(ms) if ms else math.nan,
        "max_ms": max(ms) if ms else math.nan,
    }


@contextmanager
def timer() -> Iterator[list[float]]:
    """``with timer() as t: ...`` then ``t[0]`` holds the elapsed seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def ratio(value: float, floor: float) -> float:
    return value / floor if floor else math.inf


def verdict(ok: bool | None) -> str:
    if ok is None:
        return "info"
    return "PASS" if ok else "MISS"


def fmt(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "-"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}"
    return "-" if value is None else str(value)


def print_table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> None:
    cells = [[fmt(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-" * len(line))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    sys.stdout.flush()


METRIC_HEADER = ("metric", "value", "floor", "ratio", "target", "verdict")


def metric(
    name: str,
    value: float,
    floor: float | None,
    target: str,
    ok: bool | None,
) -> dict[str, Any]:
    """One row of a results table: value, its floor and whether it meets the target."""
    return {
        "metric": name,
        "value": value,
        "floor": floor,
        "ratio": ratio(value, floor) if floor else None,
        "target": target,
        "verdict": verdict(ok),
    }


def print_metrics(rows: Sequence[dict[str, Any]]) -> None:
    print_table([[r[k] for k in METRIC_HEADER] for r in rows], METRIC_HEADER)


def machine() -> dict[str, Any]:
    import platform  # noqa: PLC0415 - only needed here
    import sqlite3  # noqa: PLC0415

    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def export_tree(rev: str, into: Path, *, drop: tuple[str, ...] = ("tests",)) -> Path:
    """The code of commit ``rev`` (``git archive``) under ``into``, for a ``--before`` run;
    ``drop``: folders that come from this tree instead (the probe, the driver)."""
    archive = into / "src.tar"
    subprocess.run(["git", "archive", "--output", str(archive), rev], cwd=REPO, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "src", filter="data")
    for folder in drop:
        shutil.rmtree(into / "src" / folder, ignore_errors=True)
    return into / "src"


def trees_to_measure(before: str | None, into: Path) -> dict[str, Path | None]:
    """This tree ("after", run from here), and with ``--before REV`` that commit's
    product code first (the bench and tests come from this tree)."""
    after: dict[str, Path | None] = {"after": None}
    if not before:
        return after
    return {"before": export_tree(before, into, drop=("bench", "tests")), **after}


def settle_events(app: Any) -> None:
    """The events a step left (layout requests, repaints) delivered and handled."""
    for _ in range(3):
        app.sendPostedEvents()
        app.processEvents()


def write_json(name: str, data: dict[str, Any], path: Path | None = None) -> Path:
    target = path or RESULTS / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"machine": machine(), **data}, indent=2, ensure_ascii=False))
    return target


# -- phases in child processes ------------------------------------------------------
# Memory is measured per phase (peak RSS of a fresh process), so phases that
# would otherwise share a heap run as ``python -m bench.X --phase NAME``.


def emit(result: dict[str, Any]) -> None:
    """Hand a phase's result to the parent (one marked JSON line on stdout)."""
    print(RESULT_MARK + json.dumps(result), flush=True)


def run_phase(module: str, phase: str, *args: str) -> dict[str, Any]:
    command = [sys.executable, "-m", module, "--phase", phase, *args]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"phase {phase} failed (exit {done.returncode})")
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            result: dict[str, Any] = json.loads(line[len(RESULT_MARK) :])
            return result
    raise SystemExit(f"phase {phase} printed no result:\n{done.stdout}\n{done.stderr}")


# -- PySide6 6.12 on CPython 3.11 ----------------------------------------------------
# Every call of a void Qt method (setText, setValue, setFirstColumnSpanned...) drops
# one reference to None that it never took; None is not immortal before Python 3.12,
# so a long enough GUI session dies with "Fatal Python error: none_dealloc".  The GUI
# benchmarks make millions of such calls; they hold spare references so that the
# measurement survives.  They are held in a tuple, which the garbage collector stops
# tracking (it holds only None): held in a list, every full collection walked its 20
# million slots, a 0.2-0.4 s pause the product does not have.  The product bug is
# reported in docs/performance.md.
_SPARE_NONE_REFERENCES: list[tuple[None, ...]] = []


def guard_none_refcount(spare: int = 20_000_000) -> None:
    """Hold spare references to None (a tuple of Nones: 8 bytes each, untracked)."""
    if sys.version_info < (3, 12) and not _SPARE_NONE_REFERENCES:
        _SPARE_NONE_REFERENCES.append((None,) * spare)
        gc.collect()  # the collector untracks the tuple now, not in the middle of a run


def rt_bench_options(parser: argparse.ArgumentParser, rt_dir: str) -> None:
    """The options every benchmark against a private RT shares (the RT is reset: never
    point --rt-dir at an instance someone else uses)."""
    parser.add_argument("--rt-dir", default=str(Path(tempfile.gettempdir()) / rt_dir))
    parser.add_argument("--keep", action="store_true", help="leave the RT server running")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
