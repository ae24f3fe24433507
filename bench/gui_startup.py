"""Cold start of ``fielddesk gui`` to a window whose visit list shows real visits.

    .venv/bin/python -m bench.gui_startup                       # offscreen, all cases
    xvfb-run -a .venv/bin/python -m bench.gui_startup --platform xcb
    .venv/bin/python -m bench.gui_startup --runs 5 --skip-big   # quicker
    .venv/bin/python -m bench.gui_startup --importtime          # what the window waits for
    .venv/bin/python -m bench.gui_startup --local 510 --versus /tmp/old   # before/after

Target (issue 4): ≤ 1.5× a bare PySide6 window with a table of the same
rows from SQLite.

What is timed, per run, in a **fresh process** (``python -c``): from just
before the parent starts the child (``time.monotonic()``; on Linux the same
clock in every process) to the moment the event loop is idle again after
the visit list's viewport received its first paint event *with rows in the
model*.  The child installs an application-wide event filter before any
product code runs (it pre-imports PySide6.QtWidgets and swaps in a
QApplication subclass; the product imports the same modules anyway): at
the first ``QEvent.Paint`` of the target view's viewport it arms
``QTimer.singleShot(0, …)``, which fires after that paint pass and the
back-store flush are done; the child then prints its marks and exits
(``os._exit``: teardown is not part of a start).

Cases, floor and product runs interleaved, ``--runs`` of each:

- **floor** over the same replica: ``QApplication`` + a ``QTableView`` on a
  minimal ``QAbstractTableModel`` over ``sqlite3`` rows of the same tickets
  table (the columns the list shows, the list's ORDER BY), 1280×800 like the
  main window.
- **product, sample replica, signed in**: ``cli.__main__.main(["--profile",
  P, "gui"])`` -- the real entry (cli → app.run_gui → Shell → MainWindow)
  over a replica filled by a real sync of the private RT (alice, 10
  visits, 41 articles).  The token and the replica's key are found in a
  private Secret Service (tests/secret_service.py), so the encrypted replica
  opens and the start-up sync really starts on its worker thread while the
  window comes up, as on a laptop.
- **product, big replica, offline**: the same replica plus 10 000 visits and
  100 000 KB articles (``--visits``, ``--articles``), its account pointing
  at a closed port (a laptop in the field with no network).  Size
  independence: compare with the sample replica and with its own floor.

- **local, not signed in** (``--local N``, no RT needed): a replica of N
  synthetic visits and no account, so no start-up sync: the window's own
  cost, with nothing on other threads.  Only this case runs.  The replica is
  encrypted as a user's is, its key in a private Secret Service that the
  window reads it from (``bench.cli_cold_start.users_replica``); the floor
  reads a plaintext copy of it.

- **versus** (``--versus TREE``, with ``--local``): the product started from
  another source tree too (an export of an older commit), in the same loop as
  the floor and this tree's product: a before/after under the same load.

- **what-if** (``--what-if``): the sample case with the start-up sync
  started 1 s after the window is shown (the child patches
  ``MainWindow.start_sync``): how much the sync worker's imports, running
  on their thread while the window is built, cost the first paint.

Each child also reports marks (``main``: the -c code starts, i.e. the
interpreter is up; ``app``: QApplication constructed; ``show``: the first
top-level window's Show event; ``paint``: the list's first paint event) so
the table says where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import (
    REPO,
    metric,
    print_metrics,
    print_table,
    qt_platform,
    summary_ms,
    write_json,
)
from bench.cli_cold_start import child_environment, plaintext_copy, users_replica
from bench.gui_replica import big_profile, counts, rt_server, synced_profile
from sync.profile import Profile

TARGET_RATIO = 1.5
DEFER_SYNC_VARIABLE = "FIELDDESK_BENCH_DEFER_SYNC"
MARKS = ("main", "qt", "app", "show", "paint", "idle")
TIMEOUT_S = 60

# Runs first in every child: the probe.  {target} is the class name of the item
# view whose first painted rows end the measurement.
PROBE = r"""
import os, sys, time
_marks = {{"main": time.monotonic()}}
from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, QTimer
_marks["qt"] = time.monotonic()

class _Probe(QObject):
    seen = False

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind == QEvent.Type.Show and "show" not in _marks and obj.isWidgetType() \
                and obj.isWindow():
            _marks["show"] = time.monotonic()
        elif kind == QEvent.Type.Paint and not self.seen:
            view = obj.parent()
            if type(view).__name__ == {target!r} and obj is view.viewport() \
                    and view.model() is not None and view.model().rowCount() > 0:
                self.seen = True
                _marks["paint"] = time.monotonic()
                _marks["rows"] = view.model().rowCount()
                QTimer.singleShot(0, _done)
        return False

def _done():
    _marks["idle"] = time.monotonic()
    import json
    print("GUI-STARTUP " + json.dumps(_marks), flush=True)
    os._exit(0)

class _ProbeApp(QtWidgets.QApplication):
    def __init__(self, *args):
        super().__init__(*args)
        _marks["app"] = time.monotonic()
        self._probe = _Probe()
        self.installEventFilter(self._probe)
        QTimer.singleShot({timeout_ms}, lambda: os._exit(3))

QtWidgets.QApplication = _ProbeApp
"""

PRODUCT = r"""
if os.environ.get(DEFER_SYNC_VARIABLE):
    # What-if: the start-up sync starts 1 s after the window is shown instead of in
    # MainWindow.__init__ (the worker's imports then no longer compete for the GIL).
    import desktop.shell.main_window as _main_window
    _start_sync = _main_window.MainWindow.start_sync
    def _start_sync_later(self):
        QTimer.singleShot(1000, lambda: _start_sync(self))
    _main_window.MainWindow.start_sync = _start_sync_later
from cli.__main__ import main
sys.exit(main(["--profile", {profile!r}, "gui"]))
"""

FLOOR = r"""
import sqlite3
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QTableView

COLUMNS = ("visit_start", "site", "subject", "status", "priority", "due")

class Rows(QAbstractTableModel):
    def __init__(self, rows):
        super().__init__()
        self.rows = rows

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.rows[index.row()][index.column()]
            return "" if value is None else str(value)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

class FloorTable(QTableView):
    pass

app = QApplication(sys.argv[:1])
connection = sqlite3.connect({database!r})
rows = connection.execute(
    "SELECT " + ", ".join(COLUMNS) + " FROM tickets"
    " ORDER BY visit_start IS NULL, visit_start, id"
).fetchall()
view = FloorTable()
view.setModel(Rows(rows))
view.resize(1280, 800)
view.show()
app.exec()
"""


def child_code(
    kind: str, profile: Profile, prelude: str = "", floor_database: Path | None = None
) -> str:
    """``prelude``: product-side code run before the product starts (bench/encryption.py);
    ``floor_database``: the file the floor reads (default: the profile's replica)."""
    target = "VisitList" if kind == "product" else "FloorTable"
    probe = PROBE.format(target=target, timeout_ms=TIMEOUT_S * 1000)
    if kind == "product":
        code = PRODUCT.replace("DEFER_SYNC_VARIABLE", repr(DEFER_SYNC_VARIABLE))
        return probe + prelude + code.format(profile=str(profile.root))
    return probe + FLOOR.format(database=str(floor_database or profile.database_path))


def environment(platform: str, source: Path = REPO) -> dict[str, str]:
    """The child's environment; product code is imported from source (before/after runs).
    The keyring it reads (a private Secret Service) is added by the caller.

    The child also runs in source: ``python -c`` puts its working directory first
    on sys.path.
    """
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = qt_platform(platform)
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys((str(source), str(REPO))))
    env.pop("FIELDDESK_PROFILE", None)
    # An installed FieldDesk runs from bytecode; without it every start would compile
    # the product's modules again (bench/cli_cold_start.py says more).  A warm-up start of
    # each kind (run_case) fills the cache before the timed ones.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "fielddesk-bench" / "pycache")
    return env


def start_once(
    kind: str,
    profile: Profile,
    env: dict[str, str],
    python_flags: tuple[str, ...] = (),
    prelude: str = "",
    *,
    floor_database: Path | None = None,
) -> dict[str, Any]:
    """One fresh process; seconds from spawn to each mark."""
    code = child_code(kind, profile, prelude, floor_database)
    command = [sys.executable, *python_flags, "-c", code]
    source = env["PYTHONPATH"].split(os.pathsep)[0]
    begin = time.monotonic()
    done = subprocess.run(
        command,
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S + 10,
        check=False,
    )
    line = next((x for x in done.stdout.splitlines() if x.startswith("GUI-STARTUP ")), None)
    if line is None:
        raise SystemExit(f"{kind} start printed no marks (exit {done.returncode}):\n{done.stderr}")
    marks = json.loads(line.split(" ", 1)[1])
    result = {k: marks[k] - begin for k in MARKS if k in marks}
    result["rows"] = marks["rows"]
    result["stderr"] = done.stderr
    return result


def run_case(
    name: str,
    profile: Profile,
    env: dict[str, str],
    runs: int,
    floor_database: Path | None = None,
    *,
    versus_env: dict[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """floor and product runs of one replica, interleaved; with ``versus_env``, the
    product started from another source tree too ("versus"), in the same loop."""
    envs = {"floor": env, "product": env} | ({"versus": versus_env} if versus_env else {})
    samples: dict[str, list[dict[str, Any]]] = {kind: [] for kind in envs}

    def start(kind: str) -> dict[str, Any]:
        child = "floor" if kind == "floor" else "product"
        return start_once(child, profile, envs[kind], floor_database=floor_database)

    for kind in samples:  # warm-up: bytecode written, replica file in the page cache
        start(kind)
    order = list(samples)
    for i in range(runs):
        for kind in order if i % 2 == 0 else order[::-1]:
            samples[kind].append(start(kind))
        print(
            f"  {name} run {i + 1}/{runs}: "
            + ", ".join(f"{kind} {samples[kind][-1]['idle'] * 1000:.0f} ms" for kind in order),
            flush=True,
        )
    out: dict[str, dict[str, Any]] = {}
    for kind, runs_of_kind in samples.items():
        out[kind] = {
            mark: summary_ms([r[mark] for r in runs_of_kind if mark in r]) for mark in MARKS
        }
        out[kind]["rows"] = runs_of_kind[0]["rows"]
    return out


IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_report(profile: Profile, env: dict[str, str], min_ms: float = 8.0) -> list[list[Any]]:
    """The import tree of one product start: modules costing at least min_ms (cumulative).

    ``-X importtime`` prints a module after its own imports; the rows are put
    back in import order and indented by depth.  The PySide6 modules that the
    probe imports come first (the product imports them anyway).
    """
    result = start_once("product", profile, env, ("-X", "importtime"))
    # pending[d]: finished subtrees at depth d, in import order, waiting for their parent.
    pending: list[list[tuple[int, str, float, float]]] = [[]]
    for line in result["stderr"].splitlines():
        match = IMPORT_LINE.match(line)
        if not match:
            continue
        depth = (len(match.group(3)) - 1) // 2
        while len(pending) <= depth + 1:
            pending.append([])
        cumulative, own = int(match.group(2)) / 1000, int(match.group(1)) / 1000
        subtree = [(depth, match.group(4), cumulative, own), *pending[depth + 1]]
        pending[depth + 1] = []
        pending[depth].extend(subtree)
    return [
        ["  " * depth + name, cumulative, own]
        for depth, name, cumulative, own in pending[0]
        if cumulative >= min_ms
    ]


def case_rows(name: str, case: dict[str, Any]) -> list[dict[str, Any]]:
    floor, product = case["floor"]["idle"]["p50_ms"], case["product"]["idle"]["p50_ms"]
    rows = [
        metric(
            f"[{name}] start → list painted, p50 (ms)",
            product,
            floor,
            f"<= {TARGET_RATIO}x floor",
            product <= TARGET_RATIO * floor,
        ),
        metric(
            f"[{name}] start → list painted, p95 (ms)",
            case["product"]["idle"]["p95_ms"],
            case["floor"]["idle"]["p95_ms"],
            "",
            None,
        ),
    ]
    for mark in MARKS[:-1]:
        rows.append(
            metric(
                f"[{name}]   spawn → {mark}, p50 (ms)",
                case["product"][mark]["p50_ms"],
                case["floor"][mark]["p50_ms"],
                "",
                None,
            )
        )
    if "versus" in case:
        rows.append(
            metric(
                f"[{name}] versus {case['versus_source']}: start → list painted, p50 (ms)",
                case["versus"]["idle"]["p50_ms"],
                floor,
                "",
                None,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="starts of each kind per case")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM of the children")
    parser.add_argument("--visits", type=int, default=10_000, help="visits in the big replica")
    parser.add_argument("--articles", type=int, default=100_000, help="articles in the big one")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--importtime", action="store_true", help="also list slow imports")
    parser.add_argument(
        "--local",
        type=int,
        metavar="N",
        help="only a replica of N synthetic visits, not signed in (no RT needed)",
    )
    parser.add_argument(
        "--what-if",
        action="store_true",
        help="also start with the start-up sync deferred until 1 s after the window shows",
    )
    parser.add_argument("--rt-dir", default=str(Path(tempfile.gettempdir()) / "bench-gui-rt"))
    parser.add_argument("--keep", action="store_true", help="leave the RT server running")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument(
        "--source",
        type=Path,
        default=REPO,
        help="import the product from this source tree (e.g. an export of an older commit)",
    )
    parser.add_argument(
        "--versus",
        type=Path,
        metavar="TREE",
        help="with --local: also start the product from this source tree, in the same loop",
    )
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    work = Path(args.workdir)
    out: dict[str, Any] = {"platform": args.platform, "runs": args.runs, "source": str(args.source)}
    rows: list[dict[str, Any]] = []
    if args.local:
        run_local(args, work, out, rows)
    else:
        run_with_rt(args, work, out, rows)
    print()
    print_metrics(rows)
    if "imports" in out:
        print("\nImports of one product start costing >= 8 ms (-X importtime; ms):")
        print_table(out["imports"], ("module", "cumulative", "self"))
    out["table"] = rows
    path = write_json("gui_startup", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


def run_local(
    args: argparse.Namespace, work: Path, out: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    name = f"{args.local} visits, not signed in"
    with users_replica(work, args.local) as (profile, plain, session):
        env = child_environment(environment(args.platform, args.source), session)
        versus = (
            child_environment(environment(args.platform, args.versus), session)
            if args.versus
            else None
        )
        out[name] = {"sizes": counts(plain), "encrypted": True}
        out[name] |= run_case(name, profile, env, args.runs, plain, versus_env=versus)
        if versus:
            out[name]["versus_source"] = str(args.versus)
        rows += case_rows(name, out[name])
        if args.importtime:
            out["imports"] = import_report(profile, env)


def run_with_rt(
    args: argparse.Namespace, work: Path, out: dict[str, Any], rows: list[dict[str, Any]]
) -> None:
    from tests.secret_service import in_this_process, secret_service  # noqa: PLC0415

    # The token and the replicas' keys in a private Secret Service, the children's keyring
    # too (a laptop's desktop keyring): an encrypted replica's key is read from there.
    with (
        secret_service(work / "secret-service") as session,
        in_this_process(session),
        rt_server(Path(args.rt_dir), args.keep) as (_instance, rt),
    ):
        print(f"RT at {rt.url}; syncing alice's replica...", flush=True)
        sample = synced_profile(rt, work / "gui-startup-sample")
        cases: list[tuple[str, Profile, dict[str, str]]] = [("sample, signed in", sample, {})]
        if args.what_if:
            defer = {DEFER_SYNC_VARIABLE: "1"}
            cases.append(("sample, signed in, sync 1 s after show (what-if)", sample, defer))
        if not args.skip_big:
            print("Big replica...", flush=True)
            big = big_profile(sample, work / "gui-startup-big", args.visits, args.articles, work)
            cases.append(("big, offline", big, {}))
        for name, profile, extra in cases:
            env = child_environment(environment(args.platform, args.source), session)
            env |= extra
            out[name] = {"sizes": counts(profile.database_path, encrypted=True)}
            # The floor reads a plaintext copy (the replica is encrypted), as with --local.
            plain = plaintext_copy(profile.database_path, profile.root.parent / "floor.db")
            out[name] |= run_case(name, profile, env, args.runs, plain)
            rows += case_rows(name, out[name])
        if args.importtime:
            env = child_environment(environment(args.platform, args.source), session)
            out["imports"] = import_report(sample, env)


if __name__ == "__main__":
    main()
