"""Longest stall of the GUI thread's event loop while the window syncs.

    .venv/bin/python -m bench.gui_sync_stall                     # all cases
    .venv/bin/python -m bench.gui_sync_stall --skip-bulk         # sample data only
    .venv/bin/python -m bench.gui_sync_stall --tickets 200 --articles 1000

Target (issue 4): no event-loop stall longer than 50 ms on the GUI thread
during an initial sync.

Probe: a 5 ms ``Qt.PreciseTimer`` on the GUI thread records the time of
every tick (``time.perf_counter``); a *gap* is the time from one tick to the
next.  A gap of 5 ms is a loop that is never late; a gap of 80 ms means the
GUI thread got to none of its timers, input or paint events for 80 ms.
The probe runs from just before the sync starts until the
``SyncController.finished`` signal has been handled (the window's refresh
included) plus ``--tail`` seconds.  To tell what caused the worst gaps, the
window's slots that run on the GUI thread during a sync (sync started and
progress, finished, ``refresh``, ``VisitsPage.set_visits``, the detail
panel's ``show_visit``) are wrapped with timers; a gap is attributed to the
slot that ran during it, or else to "other work / the sync thread holding
the GIL".

The window is the real ``MainWindow`` (offscreen, 1280×800, in this
process) on a profile signed in as alice (the token in an in-memory keyring);
the sync runs on its real worker thread against the private RT.

Cases:

- **idle** (the floor): the same window and probe, no sync, for as long as
  the sample-data sync took: what this machine's other jobs do to a timer.
- **initial sync, sample data**: an empty replica; the RT's sample data
  (10 visits, 41 articles).
- **initial sync, bulk**: ``--tickets`` more tickets owned by alice and
  ``--articles`` more KB articles, created server-side with
  bench/rt_bulk_data.pl (as bench/sync_requests.py does).
- **offline sync over 10 000 visits**: a replica holding ``--visits``
  visits whose account points at a closed port; the sync fails at once
  (offline) and the window refreshes its list: what every automatic sync
  attempt costs a technician with a big replica in a dead spot.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from bench._common import (
    guard_none_refcount,
    metric,
    percentile,
    print_metrics,
    print_table,
    qt_platform,
    write_json,
)
from bench.gui_replica import UNREACHABLE_URL, add_visits, counts, rt_server
from desktop.shell.main_window import MainWindow
from desktop.visit import VisitDetail
from desktop.visits.page import VisitsPage
from devrt.instance import RunningRT
from sync.account import Account, save_account
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.store import open_database

TARGET_MS = 50.0
TICK_MS = 5
TIMEOUT_S = 900

# (class, method) run on the GUI thread during a sync; each call is timed.
WATCHED: tuple[tuple[type, str], ...] = (
    (MainWindow, "_on_sync_started"),
    (MainWindow, "_on_sync_progress"),
    (MainWindow, "_on_sync_finished"),
    (MainWindow, "_on_sync_failed"),
    (MainWindow, "refresh"),
    (VisitsPage, "set_visits"),
    (VisitDetail, "show_visit"),
)
OTHER = "other work / the sync thread holding the GIL"


class Spans:
    """Start and end of every call of the watched methods."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, float, float]] = []

    @contextmanager
    def installed(self) -> Iterator[None]:
        originals = [(cls, name, getattr(cls, name)) for cls, name in WATCHED]
        for cls, name, original in originals:
            setattr(cls, name, self._timed(f"{cls.__name__}.{name}", original))
        try:
            yield
        finally:
            for cls, name, original in originals:
                setattr(cls, name, original)

    def _timed(self, label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.calls.append((label, start, time.perf_counter()))

        return timed

    def during(self, start: float, end: float) -> str:
        """The watched call that took most of [start, end] (innermost wins a tie)."""
        best, best_overlap = OTHER, 0.002  # less than 2 ms of overlap explains nothing
        for label, begin, finish in self.calls:
            overlap = min(end, finish) - max(start, begin)
            if overlap >= best_overlap:
                best, best_overlap = label, overlap
        return best


class Ticks(QObject):
    """A 5 ms timer on the GUI thread; the gaps between its ticks are the stalls."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)

    @Slot()
    def _tick(self) -> None:
        self.times.append(time.perf_counter())

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.times.append(time.perf_counter())

    def gaps(self) -> list[tuple[float, float]]:
        return list(zip(self.times, self.times[1:], strict=False))


def wait(seconds: float, until: Callable[[], bool] | None = None) -> None:
    """Run the event loop for seconds, or until until() is true."""
    loop = QEventLoop()
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline and not (until and until()):
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def measure(profile: Profile, sync: bool, idle_seconds: float, tail: float) -> dict[str, Any]:
    spans = Spans()
    ticks = Ticks()
    with spans.installed():
        window = MainWindow(profile)
        window.resize(1280, 800)
        window.show()
        wait(1.0)  # first paint, the auto-sync timer armed
        finished: list[float] = []
        controller = window.sync_controller
        controller.finished.connect(lambda _report: finished.append(time.perf_counter()))
        controller.failed.connect(lambda _message: finished.append(time.perf_counter()))
        ticks.start()
        start = time.perf_counter()
        if sync:
            window.start_sync()
            wait(TIMEOUT_S, until=lambda: bool(finished))
            if not finished:
                raise SystemExit("the sync did not finish")
            wait(tail)
        else:
            wait(idle_seconds)
        ticks.stop()
        seconds = (finished[0] if finished else time.perf_counter()) - start
        visits = window.visits.model.visit_count()
        window.close()
    return analyse(ticks, spans) | {"seconds": seconds, "visits_shown": visits}


def analyse(ticks: Ticks, spans: Spans) -> dict[str, Any]:
    gaps = ticks.gaps()
    sizes = [(end - begin) * 1000 for begin, end in gaps]
    worst = sorted(range(len(gaps)), key=lambda i: -sizes[i])[:5]
    causes: dict[str, dict[str, float]] = {}
    for (begin, end), size in zip(gaps, sizes, strict=True):
        if size > TARGET_MS:
            cause = causes.setdefault(spans.during(begin, end), {"n": 0, "max_ms": 0.0})
            cause["n"] += 1
            cause["max_ms"] = max(cause["max_ms"], size)
    slowest_calls: dict[str, float] = {}
    for label, begin, end in spans.calls:
        slowest_calls[label] = max(slowest_calls.get(label, 0.0), (end - begin) * 1000)
    return {
        "ticks": len(ticks.times),
        "max_gap_ms": max(sizes),
        "p99_gap_ms": percentile(sizes, 99),
        "p50_gap_ms": percentile(sizes, 50),
        "gaps_over_target": sum(1 for s in sizes if s > TARGET_MS),
        "worst": [
            {"ms": sizes[i], "during": spans.during(*gaps[i])} for i in worst if sizes[i] > TICK_MS
        ],
        "causes_over_target": causes,
        "slowest_call_ms": slowest_calls,
    }


def signed_in_empty(rt: RunningRT, root: Path) -> Profile:
    """A new profile signed in as alice, nothing synced yet (keyring: this process)."""
    from sync.session import sign_in  # noqa: PLC0415 - the HTTP stack, only here

    shutil.rmtree(root, ignore_errors=True)
    profile = Profile(root).ensure()
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    return profile


def offline_big(root: Path, visits: int) -> Profile:
    """visits visits, signed in to a server that cannot be reached."""
    profile = Profile(root).ensure()
    have = counts(profile.database_path) if profile.database_path.exists() else None
    if have != {"visits": visits, "articles": 0}:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{profile.database_path}{suffix}").unlink(missing_ok=True)
        db = open_database(profile.database_path)
        try:
            add_visits(db, visits)
        finally:
            db.close()
    save_account(profile, Account(url=UNREACHABLE_URL, user="alice", auth="token"), "t0ken")
    return profile


def case_rows(name: str, case: dict[str, Any], floor: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        metric(
            f"[{name}] longest GUI stall (ms)",
            case["max_gap_ms"],
            floor["max_gap_ms"],
            f"<= {TARGET_MS:.0f} ms",
            case["max_gap_ms"] <= TARGET_MS,
        ),
        metric(f"[{name}] p99 tick gap (ms)", case["p99_gap_ms"], floor["p99_gap_ms"], "", None),
        metric(
            f"[{name}] gaps > {TARGET_MS:.0f} ms",
            case["gaps_over_target"],
            floor["gaps_over_target"],
            "",
            None,
        ),
        metric(f"[{name}] sync wall (s)", case["seconds"], None, "", None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=500, help="bulk tickets for alice")
    parser.add_argument("--articles", type=int, default=2000, help="bulk KB articles")
    parser.add_argument("--visits", type=int, default=10_000, help="visits in the offline case")
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument("--tail", type=float, default=1.0, help="seconds probed after the sync")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM")
    parser.add_argument("--rt-dir", default=str(Path(tempfile.gettempdir()) / "bench-gui-rt"))
    parser.add_argument("--keep", action="store_true", help="leave the RT server running")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = qt_platform(args.platform)
    guard_none_refcount()
    keyring.set_keyring(MemoryKeyring())  # tokens stay in this process
    work = Path(args.workdir)
    app = QApplication.instance() or QApplication([])
    out: dict[str, Any] = {"platform": args.platform, "cases": {}}
    cases = out["cases"]
    with rt_server(Path(args.rt_dir), args.keep) as (instance, rt):
        print(f"RT at {rt.url}; initial sync of the sample data...", flush=True)
        cases["initial sync, sample data"] = measure(
            signed_in_empty(rt, work / "gui-stall-sample"), True, 0, args.tail
        )
        idle_for = cases["initial sync, sample data"]["seconds"] + args.tail
        print(f"Idle window for {idle_for:.1f} s (the floor)...", flush=True)
        cases["idle"] = measure(signed_in_empty(rt, work / "gui-stall-idle"), False, idle_for, 0)
        if not args.skip_bulk:
            from bench.sync_requests import load_bulk  # noqa: PLC0415

            print(f"Creating {args.tickets} tickets, {args.articles} articles...", flush=True)
            out["bulk_created"] = load_bulk(instance, args.tickets, args.articles)
            print("Initial sync of the bulk data...", flush=True)
            cases["initial sync, bulk"] = measure(
                signed_in_empty(rt, work / "gui-stall-bulk"), True, 0, args.tail
            )
            out["bulk_sizes"] = counts(work / "gui-stall-bulk" / "fielddesk.db")
    print(f"Offline sync attempt over {args.visits} visits...", flush=True)
    big = offline_big(work / f"gui-stall-offline-{args.visits}", args.visits)
    cases[f"offline sync, {args.visits} visits"] = measure(big, True, 0, args.tail)
    app.processEvents()
    floor = cases["idle"]
    rows: list[dict[str, Any]] = []
    for name, case in cases.items():
        if name != "idle":
            rows += case_rows(name, case, floor)
    rows.append(metric("[idle] longest gap (ms)", floor["max_gap_ms"], None, "", None))
    print()
    print_metrics(rows)
    print("\nWorst gaps and what ran during them (ms):")
    print_table(
        [
            [name, f"{w['ms']:.0f}", w["during"]]
            for name, case in cases.items()
            for w in case["worst"][:3]
        ],
        ("case", "gap", "during"),
    )
    print("\nSlowest call of each watched slot (ms):")
    print_table(
        [
            [name, label, f"{ms:.1f}"]
            for name, case in cases.items()
            for label, ms in sorted(case["slowest_call_ms"].items(), key=lambda kv: -kv[1])
        ],
        ("case", "slot", "slowest"),
    )
    out["table"] = rows
    path = write_json("gui_sync_stall", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
