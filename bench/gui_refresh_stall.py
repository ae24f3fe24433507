"""The longest GUI-thread stall of a visit-list refresh at 10 000 visits.

    .venv/bin/python -m bench.gui_refresh_stall                 # offscreen, 10 000 visits
    .venv/bin/python -m bench.gui_refresh_stall --visits 2000 --reps 3

Target (issue 12, item 6): no refresh of the visit list runs more than 16 ms on
the GUI thread at 10 000 visits.

Setup: a replica with ``--visits`` synthetic visits (bench/gui_replica.py) in a
profile that is not signed in, and the real ``MainWindow`` over it, shown
(1280×800, offscreen by default), its list on "All".  A precise 1 ms ``QTimer``
on the GUI thread records when it gets to run; the longest gap between two of
its ticks (or between the moment a refresh is asked for and the next tick) is
the longest time the GUI thread could not answer input.  Each refresh is
followed until the list says its rows have landed (``VisitsPage.loaded``) and
``--follow`` seconds more, so the read on the worker, the swap and the repaint
are all inside the window that is watched (a tree whose refresh is synchronous
is followed for ``--follow`` seconds).  The GUI thread idles in a real
``QEventLoop`` meanwhile, as in the app.

What is refreshed, ``--reps`` times each, interleaved:

- **idle**: ``MainWindow.refresh()`` with nothing changed (what every sync that
  brings nothing does);
- **note saved**: a note written through ``outbox.add_note`` on the selected
  visit, then ``MainWindow.local_change_saved()`` (what the visit panel does);
  the row's unsent badge changes;
- **visit moved**: a visit's start moved to another day in the replica (what a
  sync that reschedules one writes), then ``refresh()``: the same visits in as
  many rows, so the rows that changed are repainted in place;
- **visit moved onto the screen**: as above, to the time of the third row on
  screen: the rows below it on screen move down one and are painted again (the
  worst case of a move; "visit moved" lands its visits off screen, as most do);
- **visit arrived**: a new visit written as a sync writes it, then ``refresh()``:
  the list has a row more, so the model is reset and the view lays out every
  row again.

The floor is the same probe with nothing asked of the window (the machine's
own noise: other processes, the timer's resolution).  The "product" figures
hold everything the window does on the GUI thread after a refresh, including
the visit panel re-reading the selected visit; ``--split`` also reports the
list's own parts (the swap slot) on their own.
"""

from __future__ import annotations

import argparse
import gc
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer

from bench._common import (
    guard_none_refcount,
    metric,
    print_metrics,
    qt_platform,
    summary_ms,
    write_json,
)
from bench.corpus import generate_tickets
from bench.gui_filter import build_replica
from desktop.app import application
from desktop.shell.main_window import MainWindow
from desktop.visits.model import Scope
from sync import outbox
from sync.store import transaction
from sync.store.tickets import apply_remote_ticket

TARGET_MS = 16.0
TICK_MS = 1
ARRIVING = 256
TIMEOUT_S = 30.0  # a refresh that has not landed by then is reported as this long


class StallProbe:
    """Records when the GUI thread gets to run a 1 ms timer."""

    def __init__(self) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def watch(self, action: Callable[[], None], follow_s: float, done: Any = None) -> float:
        """Run ``action`` in the event loop and follow it: the longest stall, seconds.

        ``done``: a signal the window emits once the refresh has landed (the list's
        ``loaded``); followed for ``follow_s`` more after it, for the repaint.
        Without it (a window that refreshes synchronously) ``follow_s`` in all.
        The loop is a real ``QEventLoop``: the GUI thread idles in Qt between
        events, as in the app, instead of spinning in Python.
        """
        loop = QEventLoop()
        self.timer.start()
        QTimer.singleShot(50, loop.quit)  # the timer runs before the action
        loop.exec()

        def act() -> None:
            self.ticks = [time.perf_counter()]
            action()

        def landed() -> None:
            QTimer.singleShot(int(follow_s * 1000), loop.quit)

        if done is not None:
            done.connect(landed)
            QTimer.singleShot(int(TIMEOUT_S * 1000), loop.quit)
        else:
            QTimer.singleShot(int(follow_s * 1000), loop.quit)
        QTimer.singleShot(0, act)
        loop.exec()
        self.timer.stop()
        if done is not None:
            done.disconnect(landed)
        self.ticks.append(time.perf_counter())
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False))


def scenarios(window: Any) -> dict[str, Callable[[], None]]:
    db = window.db
    changes = {"n": 0}  # changes made so far: each one picks another visit and day

    def idle() -> None:
        window.refresh()

    def note_saved() -> None:
        visit_id = window.visits.selected_id
        assert visit_id is not None
        outbox.add_note(db, visit_id, "Replaced the fuser", author="bench", minutes=5)
        window.local_change_saved()

    def reschedule(visit_id: int, start: datetime) -> None:
        with transaction(db):
            db.execute(
                "UPDATE tickets SET visit_start = ?, visit_end = ? WHERE id = ?",
                [
                    start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    visit_id,
                ],
            )

    def some_visit() -> int:
        changes["n"] += 1
        (visit_id,) = db.execute(
            "SELECT id FROM tickets WHERE visit_start IS NOT NULL ORDER BY id LIMIT 1 OFFSET ?",
            [changes["n"] * 7],
        ).fetchone()
        return int(visit_id)

    def visit_moved() -> None:
        visit_id = some_visit()
        reschedule(visit_id, datetime.now(UTC) + timedelta(days=changes["n"] % 5 + 1, hours=1))
        window.refresh()

    def visit_moved_onto_the_screen() -> None:
        # To the time of the third row on screen: every row on screen below it moves down.
        view, model = window.visits.list, window.visits.model
        third = model.visit_at(view.rowAt(0) + 2) or model.visit_at(view.rowAt(0) + 3)
        assert third is not None
        assert third.visit_start is not None
        reschedule(some_visit(), datetime.fromisoformat(third.visit_start.replace("Z", "+00:00")))
        window.refresh()

    # Made before anything is watched: making them is the bench's work, not the window's.
    arriving = [ticket for ticket, _history in generate_tickets(ARRIVING, 0, seed=11)]
    (last_id,) = db.execute("SELECT MAX(id) FROM tickets").fetchone()  # new to the list

    def visit_arrived() -> None:
        changes["n"] += 1
        ticket = arriving[changes["n"] % ARRIVING]
        start = datetime.now(UTC) + timedelta(days=2, hours=changes["n"] % 9)
        fields = {**ticket.fields, "visit_start": start.strftime("%Y-%m-%dT%H:%M:%SZ")}
        with transaction(db):
            apply_remote_ticket(db, replace(ticket, id=last_id + changes["n"], fields=fields))
        window.refresh()

    return {
        "idle": idle,
        "note saved": note_saved,
        "visit moved": visit_moved,
        "visit moved onto the screen": visit_moved_onto_the_screen,
        "visit arrived": visit_arrived,
    }


def run(
    profile: Any, reps: int, follow_s: float, split: bool, freeze: bool
) -> dict[str, list[float]]:
    app = application()  # as the app makes it (desktop/app.py: the interpreter's switch interval)
    window = MainWindow(profile)
    window.resize(1280, 800)
    window.show()
    window.visits.set_scope(Scope.ALL)
    for _ in range(20):
        app.processEvents()
    print(f"  {window.visits.model.visit_count()} visits in the list")
    if freeze:  # start-up's objects live as long as the process: full collections skip them
        gc.collect()
        gc.freeze()
    probe = StallProbe()
    samples: dict[str, list[float]] = {"floor (nothing asked)": []}
    swaps: list[float] = []
    if split and hasattr(window.visits, "_show_loaded"):
        swap = window.visits._show_loaded

        def timed_swap(loaded: Any) -> None:
            start = time.perf_counter()
            swap(loaded)
            swaps.append(time.perf_counter() - start)

        # The loader's worker starts with the first refresh and connects this then.
        window.visits._show_loaded = timed_swap  # type: ignore[method-assign]
    actions = scenarios(window)
    landed = getattr(window.visits, "loaded", None)  # None: a tree that refreshes at once
    for rep in range(reps):
        samples["floor (nothing asked)"].append(probe.watch(lambda: None, follow_s))
        for name, action in actions.items():
            samples.setdefault(name, []).append(probe.watch(action, follow_s, landed))
        worst = {k: f"{max(v) * 1000:.1f}" for k, v in samples.items()}
        print(f"  rep {rep + 1}: longest stall so far (ms) {worst}", flush=True)
    if split:
        samples["list swap slot alone"] = swaps
    window.close()
    return samples


def rows_for(samples: dict[str, list[float]]) -> list[dict[str, Any]]:
    floor = summary_ms(samples["floor (nothing asked)"])
    table = []
    for name, values in samples.items():
        if not values:
            continue
        s = summary_ms(values)
        judged = name not in ("floor (nothing asked)", "list swap slot alone")
        table.append(
            metric(
                f"{name}: longest GUI stall, max of {len(values)} (ms)",
                s["max_ms"],
                floor["max_ms"],
                f"<= {TARGET_MS:.0f} ms" if judged else "",
                s["max_ms"] <= TARGET_MS if judged else None,
            )
        )
        table.append(metric(f"  {name}: p50 (ms)", s["p50_ms"], floor["p50_ms"], "", None))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=8, help="refreshes of each kind")
    parser.add_argument(
        "--follow", type=float, default=0.5, help="seconds watched after a refresh lands"
    )
    parser.add_argument("--split", action="store_true", help="also time the list's swap slot")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="what-if: gc.freeze() once the window is up (what desktop/app.py could do)",
    )
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = qt_platform(args.platform)
    guard_none_refcount()
    # A profile of its own: the notes this bench saves must not change gui_filter's replica.
    profile = build_replica(Path(args.workdir) / "refresh", args.visits)
    samples = run(profile, args.reps, args.follow, args.split, args.gc_freeze)
    table = rows_for(samples)
    print()
    print_metrics(table)
    out = {
        "platform": args.platform,
        "visits": args.visits,
        "reps": args.reps,
        "gc_freeze": args.gc_freeze,
        "summaries": {k: summary_ms(v) for k, v in samples.items() if v},
        "table": table,
    }
    path = write_json("gui_refresh_stall", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
