"""How long the GUI thread stops when a visit's lists are refilled with another visit's.

    .venv/bin/python -m bench.tree_refill                    # this tree, 300 rows, 5 rounds
    .venv/bin/python -m bench.tree_refill --before HEAD      # and that commit, for comparison
    .venv/bin/python -m bench.tree_refill --rows 1000 --rounds 3

Target: ≤ 16 ms (one frame) on the GUI thread per refill. Before the fix, leaving a
visit with 300 files while its Files tab was shown froze the window for over a second:
``QTreeWidget.clear()`` took the rows away one at a time with the current row moved up
onto each one in turn, and each move had the view measure its ResizeToContents columns
again (``desktop/visit/widgets.refill`` now lets the current row go first).

Setup: the real ``FilesPanel``, ``EquipmentList`` and ``RelatedPanel``, each shown
(900×600, offscreen), filled with ``--rows`` rows of one visit, the last row current
(as the Files tab leaves it; chosen by hand in the others), laid out and painted.
What is timed, per round: the panel's ``set_files`` / ``set_assets`` / ``set_related``
with another visit's ``--rows`` rows (**refill**: the GUI thread does nothing else
meanwhile), then the event loop until it is idle (**layout**: the columns measured and
the rows painted); the visits alternate between rounds.

The floor: a bare ``QTreeWidget`` of the same size, shown, with no current row, style
sheet or column sizing, cleared and given the same rows' texts.

Each tree runs in a child process of its own (``--before REV``: the product code of
``git archive REV``, driven by this script).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._common import REPO, print_table, settle_events, trees_to_measure, write_json

TARGET_MS = 16.0
PANELS = ("files", "equipment", "related", "floor")


# -- the child: one tree, timed in its own process ---------------------------------


def _visits(rows: int) -> dict[str, Callable[[int], Any]]:
    """Per panel: the rows of visit ``v`` (0 or 1) as its setter takes them."""
    from sync.store.assets import Asset  # noqa: PLC0415 - from the tree under test
    from sync.store.files import VisitFile  # noqa: PLC0415
    from sync.store.related import Related  # noqa: PLC0415

    def files(v: int) -> list[VisitFile]:
        base = 1 + v * 100_000
        return [
            VisitFile(
                key=base + n,
                id=base + n,
                filename=f"photo-{base + n}-fuser-area.jpg",
                content_type="image/jpeg",
                size=1000 * n + 17 * v,
                path=None,
                created="2026-12-05T09:30:00Z",
                transaction_id=None,
                client_uuid=None,
            )
            for n in range(rows)
        ]

    def assets(v: int) -> list[Asset]:
        base = 1 + v * 100_000
        return [
            Asset(
                base + n, f"Printer {base + n}", "HP LaserJet Pro M404dn", f"VNB{n}", None, "in-use"
            )
            for n in range(rows)
        ]

    def related(v: int) -> list[Related]:
        base = 1 + v * 100_000
        return [
            Related(
                id=base + n,
                subject=f"Toner smears on page {n}",
                status="resolved",
                owner="bob",
                site="Acme Dental",
                created="2026-11-02T08:00:00Z",
                visit_start=None,
                same_asset=n % 7 == 0,
                mine=False,
            )
            for n in range(rows)
        ]

    return {"files": files, "equipment": assets, "related": related}


def child(panel_name: str, rows: int, rounds: int) -> dict[str, list[float]]:
    from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    from desktop.visit.equipment import EquipmentList  # noqa: PLC0415
    from desktop.visit.files_panel import FilesPanel  # noqa: PLC0415
    from desktop.visit.related_panel import RelatedPanel  # noqa: PLC0415

    visits = _visits(rows)
    widget: Any
    if panel_name == "floor":
        widget = QTreeWidget()
        widget.setColumnCount(4)
        texts = [
            [
                [f"photo-{v}-{n}-fuser-area.jpg", f"{n} KB", "5 Dec 09:30", "downloads"]
                for n in range(rows)
            ]
            for v in (0, 1)
        ]

        def fill(v: int) -> None:
            widget.clear()
            widget.addTopLevelItems([QTreeWidgetItem(t) for t in texts[v]])

        tree = widget
    else:
        widget = {"files": FilesPanel, "equipment": EquipmentList, "related": RelatedPanel}[
            panel_name
        ]()
        setter = {"files": "set_files", "equipment": "set_assets", "related": "set_related"}
        made = {v: visits[panel_name](v) for v in (0, 1)}

        def fill(v: int) -> None:
            getattr(widget, setter[panel_name])(made[v])

        tree = widget.list
    widget.resize(900, 600)
    widget.show()
    settle_events(app)
    samples: dict[str, list[float]] = {"refill": [], "layout": []}
    for r in range(rounds + 1):  # the first round only fills the visit left
        fill(r % 2)
        settle_events(app)
        if panel_name != "floor":
            tree.setCurrentItem(tree.topLevelItem(tree.topLevelItemCount() - 1))
            settle_events(app)
        start = time.perf_counter()
        fill((r + 1) % 2)
        refilled = time.perf_counter()
        settle_events(app)
        if r:
            samples["refill"].append(refilled - start)
            samples["layout"].append(time.perf_counter() - refilled)
    return samples


# -- the parent ------------------------------------------------------------------


def measure(source: Path | None, panel: str, rows: int, rounds: int) -> dict[str, float]:
    paths = [str(source), str(REPO)] if source else [str(REPO)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-m", "bench.tree_refill", "--phase", panel]
    command += ["--rows", str(rows), "--rounds", str(rounds)]
    # `-m` puts the working directory first on the path: the product's tree.
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=True, cwd=source or REPO
    )
    samples: dict[str, list[float]] = json.loads(done.stdout.strip().splitlines()[-1])
    return {
        f"{what}_{stat}_ms": 1000 * fn(values)
        for what, values in samples.items()
        for stat, fn in (("p50", statistics.median), ("max", max))
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="also measure this commit")
    parser.add_argument("--json", type=Path, help="default: bench/results/tree_refill.json")
    parser.add_argument("--phase", choices=PANELS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(child(args.phase, args.rows, args.rounds)))
        return 0
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in trees_to_measure(args.before, Path(tmp)).items():
            results[name] = {}
            for panel in PANELS:
                if panel == "floor" and name != "after":
                    continue
                results[name][panel] = measure(source, panel, args.rows, args.rounds)
                print(f"{name} {panel}: done", file=sys.stderr)
    floor = results["after"]["floor"]["refill_p50_ms"]
    rows = []
    for name, by_panel in results.items():
        for panel, m in by_panel.items():
            ok = m["refill_max_ms"] <= TARGET_MS
            verdict = "info" if panel == "floor" else ("PASS" if ok else "MISS")
            ratio = m["refill_p50_ms"] / floor if floor else float("nan")
            figures = [m[f"{what}_ms"] for what in ("refill_p50", "refill_max", "layout_p50")]
            rows.append([name, panel, *figures, ratio, f"max ≤ {TARGET_MS:.0f} ms", verdict])
    header = ["tree", "panel", "refill p50 (ms)", "refill max (ms)", "layout p50 (ms)"]
    print_table(rows, [*header, "ratio to floor", "target", "verdict"])
    write_json(
        "tree_refill",
        {"rows": args.rows, "rounds": args.rounds, "before_rev": args.before,
         "target_ms": TARGET_MS, **results},
        args.json,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
