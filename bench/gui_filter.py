"""Filtering 10 000 visits as you type: key press to repainted list, per keystroke.

    .venv/bin/python -m bench.gui_filter                  # offscreen, 10 000 visits
    .venv/bin/python -m bench.gui_filter --visits 2000 --rounds 1
    xvfb-run -a .venv/bin/python -m bench.gui_filter --platform xcb

Targets (issue 12, item 7): p50 ≤ 1.5× and p95 ≤ 2× the floor below, per
keystroke (issue 4's absolute 25 ms / 50 ms are kept as info).

Setup: a replica with ``--visits`` synthetic visits (bench/gui_replica.py:
spread over a year, so the grouped list has one day heading per day, about
380 of them) in a profile that is not signed in, and the real
``MainWindow`` over it, shown (1280×800) on the ``--platform`` (offscreen by
default), its list on "All" (the profile would start on "Today": one day of
visits, not the 10 000 the floor lists).  So each keystroke runs the real
chain: QLineEdit → textChanged → ``VisitsModel.set_filter`` (filter, day
headings, model reset) → ``VisitsPage`` keeps or moves the
selection (and the detail panel shows the newly selected visit) → the view
lays out and paints.

What is timed per keystroke: from just before ``QTest.keyClick`` (the key
event is delivered synchronously) until the event loop has delivered the
list viewport's next paint event and returned (``processEvents`` in a loop
until an event filter on the viewport has seen ``QEvent.Paint``; the paint
is complete when that ``processEvents`` returns).  Offscreen windows do get
real paint events.  A keystroke that changes nothing visible (a space, which
the filter ignores; rows leaving below the fold) brings no paint: it ends
with the last ``processEvents`` pass that found work, once three passes in
a row find none (``keystrokes_without_repaint`` counts those).  ``key`` is the
part until ``keyClick`` returns (model and selection work), ``paint`` the
rest (layout and paint).

Typing: each query in ``QUERIES`` is typed one character at a time, then
erased with Backspace one character at a time (each Backspace is a
keystroke too; the last one brings back all 10 000 visits, the worst case).

Floors, typed the same way in the same run (queries interleaved):

- **floor** (the ratio's floor): a ``QLineEdit`` over a ``QTableView`` set up
  like the visit list (row header hidden, rows as high as the list's, no grid,
  same size, same columns shown, each as wide as the list's: the list stretches
  its subject over the row, and a floor of Qt's default 100 px columns left a
  quarter of each row blank, painting less text) on a minimal
  ``QAbstractTableModel`` holding the same display strings, precomputed; a
  keystroke is a list comprehension over the same lower-cased haystacks plus
  one model reset.  No headings, no
  sorting, no selection upkeep: the least work that still repaints the
  filtered list in the same kind of view.
- **proxy** (info): ``QSortFilterProxyModel`` (fixed string, all columns,
  case-insensitive) over a ``QStandardItemModel`` of the same strings:
  Qt's stock way, filtering in C++.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bench._common import (
    guard_none_refcount,
    metric,
    percentile,
    print_metrics,
    qt_platform,
    summary_ms,
    write_json,
)
from bench.gui_replica import add_visits
from desktop.shell.main_window import MainWindow
from desktop.visits.model import COLUMNS, Scope
from desktop.visits.rows import HAYSTACK
from sync.profile import Profile
from sync.store import open_database
from sync.text_fold import folded

QUERIES = ("toner", "zürich", "#100004", "stalled", "printer dr", "kraków site 4")
TARGET_P50_RATIO = 1.5
TARGET_P95_RATIO = 2.0
ISSUE4_P50_MS = 25.0
ISSUE4_P95_MS = 50.0
IDLE_PASSES = 3  # processEvents passes that find nothing to do: the loop is idle
IDLE_PASS_S = 0.0003


def build_replica(work: Path, visits: int) -> Profile:
    profile = Profile(work / f"gui-filter-{visits}").ensure()
    if not profile.database_path.exists():
        db = open_database(profile.database_path)
        try:
            add_visits(db, visits)
        finally:
            db.close()
    return profile


class Typist:
    """Types into a line edit and waits until the list's viewport has repainted."""

    def __init__(self, edit: Any, viewport: Any) -> None:
        self.edit = edit
        self.viewport = viewport
        self.painted = False
        self.unpainted = 0
        typist = self

        class PaintSpy(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint:
                    typist.painted = True
                return False

        self.spy = PaintSpy()
        viewport.installEventFilter(self.spy)

    def key(self, key: Any) -> tuple[float, float]:
        """One keystroke: (seconds until the key event returned, until painted)."""
        self.painted = False
        start = time.perf_counter()
        QTest.keyClick(self.edit, key)
        handled = done = time.perf_counter()
        idle_passes = 0
        while not self.painted and idle_passes < IDLE_PASSES:
            QApplication.processEvents()
            if time.perf_counter() - done > IDLE_PASS_S:
                idle_passes = 0  # that pass did work: wait for more
            else:
                idle_passes += 1
            done = time.perf_counter()
        if not self.painted:
            # Nothing visible changed (e.g. a space, which the filter ignores): the
            # keystroke ended with the last pass that did work.
            self.unpainted += 1
        return handled - start, done - start

    def type_query(self, query: str) -> dict[str, list[float]]:
        self.edit.setFocus()
        self.edit.clear()
        self._settle()
        out: dict[str, list[float]] = {"type": [], "erase": [], "key": []}
        for char in query:
            handled, total = self.key(char)
            out["type"].append(total)
            out["key"].append(handled)
        for _ in query:
            handled, total = self.key(Qt.Key.Key_Backspace)
            out["erase"].append(total)
            out["key"].append(handled)
        return out

    def _settle(self) -> None:
        for _ in range(5):
            QApplication.processEvents()


def product_window(profile: Profile) -> tuple[Any, Typist]:
    window = MainWindow(profile)
    window.resize(1280, 800)
    window.show()
    window.visits.set_scope(Scope.ALL)  # every visit, as the floor lists them
    return window, Typist(window.visits.filter, window.visits.list.viewport())


def visible_strings(window: Any) -> tuple[list[int], list[list[str]], list[str]]:
    """The product's columns shown, every visit's display strings and haystack."""
    model = window.visits.model
    view = window.visits.list
    shown = [c for c in range(len(COLUMNS)) if not view.isColumnHidden(c)]
    rows: list[list[str]] = []
    haystacks: list[str] = []
    for row in model._all:  # every visit, in list order (read once, not timed)
        rows.append([model._display(row, c) for c in range(len(COLUMNS))])
        haystacks.append(row[HAYSTACK])  # a row is a plain tuple (rows.py)
    return shown, rows, haystacks


def floor_window(
    kind: str,
    shown: list[int],
    rows: list[list[str]],
    haystacks: list[str],
    size: Any,
    *,
    row_height: int,
    widths: dict[int, int],
) -> tuple[Any, Typist]:
    class Strings(QAbstractTableModel):
        def __init__(self) -> None:
            super().__init__()
            self.shown = rows

        def set_filter(self, text: str) -> None:
            # The product's haystacks are folded (accents, forms): the needle too, so the
            # floor shows the rows the product shows.
            needle = folded(text.strip())
            self.beginResetModel()
            self.shown = [r for r, h in zip(rows, haystacks, strict=True) if needle in h]
            self.endResetModel()

        def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(self.shown)

        def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
            return 0 if parent.isValid() else len(COLUMNS)

        def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.shown[index.row()][index.column()]
            return None

        def headerData(self, section: int, orientation: Any, role: int = 0) -> Any:
            if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            return None

    window = QWidget()
    edit = QLineEdit()
    # The same kind of view as the visit list (desktop/visits/visit_list.py): a table
    # whose rows are all as high as the list's, kept by its hidden row header.
    view = QTableView()
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setMinimumSectionSize(1)  # as the list: else rows of 21 px at least
    view.verticalHeader().setDefaultSectionSize(row_height)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    if kind == "floor":
        model: Any = Strings()
        edit.textChanged.connect(model.set_filter)
        view.setModel(model)
    else:
        source = QStandardItemModel(len(rows), len(COLUMNS))
        for r, strings in enumerate(rows):
            for c, text in enumerate(strings):
                source.setItem(r, c, QStandardItem(text))
        proxy = QSortFilterProxyModel()
        proxy.setSourceModel(source)
        proxy.setFilterKeyColumn(-1)
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        edit.textChanged.connect(proxy.setFilterFixedString)
        view.setModel(proxy)
        window.keep = (source, proxy)  # type: ignore[attr-defined]
    for c in range(len(COLUMNS)):
        view.setColumnHidden(c, c not in shown)
        view.setColumnWidth(c, widths.get(c, view.columnWidth(c)))
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)  # the view exactly as large as the list
    layout.setSpacing(0)
    layout.addWidget(edit)
    layout.addWidget(view, 1)
    window.resize(size)
    window.show()
    return window, Typist(edit, view.viewport())


def run(
    profile: Profile, rounds: int, queries: tuple[str, ...]
) -> dict[str, dict[str, list[float]]]:
    app = QApplication.instance() or QApplication([])
    window, product = product_window(profile)
    for _ in range(10):
        app.processEvents()
    shown, rows, haystacks = visible_strings(window)
    list_size = window.visits.list.size()
    size = QSize(list_size.width(), list_size.height() + window.visits.filter.sizeHint().height())
    row_height = window.visits.list.verticalHeader().defaultSectionSize()
    widths = {c: window.visits.list.columnWidth(c) for c in shown}
    floors = {
        kind: floor_window(kind, shown, rows, haystacks, size, row_height=row_height, widths=widths)
        for kind in ("floor", "proxy")
    }
    typists: dict[str, Typist] = {"product": product, **{k: t for k, (_, t) in floors.items()}}
    print(f"  {len(rows)} visits, {len(window.visits.model.heading_rows())} day headings")
    samples: dict[str, dict[str, list[float]]] = {
        k: {"type": [], "erase": [], "key": []} for k in typists
    }
    for round_no in range(rounds):
        for i, query in enumerate(queries):
            order = list(typists) if (i + round_no) % 2 == 0 else list(reversed(typists))
            for kind in order:
                typists[kind].edit.window().activateWindow()
                for part, values in typists[kind].type_query(query).items():
                    samples[kind][part] += values
            p50 = percentile(samples["product"]["type"][-len(query) :], 50) * 1000
            print(f"  round {round_no + 1}, {query!r}: product typing p50 {p50:.1f} ms", flush=True)
    for kind, typist in typists.items():
        samples[kind]["unpainted"] = [typist.unpainted]
    window.close()
    for floor, _ in floors.values():
        floor.close()
    return samples


def rows_for(samples: dict[str, dict[str, list[float]]]) -> list[dict[str, Any]]:
    def keystrokes(kind: str) -> list[float]:
        return samples[kind]["type"] + samples[kind]["erase"]

    product = summary_ms(keystrokes("product"))
    floor = summary_ms(keystrokes("floor"))
    proxy = summary_ms(keystrokes("proxy"))
    table = [
        metric(
            "keystroke → list repainted, p50 (ms)",
            product["p50_ms"],
            floor["p50_ms"],
            f"<= {TARGET_P50_RATIO}x floor",
            product["p50_ms"] <= TARGET_P50_RATIO * floor["p50_ms"],
        ),
        metric(
            "keystroke → list repainted, p95 (ms)",
            product["p95_ms"],
            floor["p95_ms"],
            f"<= {TARGET_P95_RATIO}x floor",
            product["p95_ms"] <= TARGET_P95_RATIO * floor["p95_ms"],
        ),
        metric(
            "  issue 4: p50 / p95 (ms)",
            product["p50_ms"],
            None,
            f"<= {ISSUE4_P50_MS:.0f} / {ISSUE4_P95_MS:.0f} ms",
            product["p50_ms"] <= ISSUE4_P50_MS and product["p95_ms"] <= ISSUE4_P95_MS,
        ),
        metric("keystroke, max (ms)", product["max_ms"], floor["max_ms"], "", None),
    ]
    parts: list[tuple[str, Callable[[str], list[float]]]] = [
        ("typing a character", lambda k: samples[k]["type"]),
        ("Backspace", lambda k: samples[k]["erase"]),
        ("key event only (model, selection)", lambda k: samples[k]["key"]),
    ]
    for label, pick in parts:
        p, f = summary_ms(pick("product")), summary_ms(pick("floor"))
        table.append(metric(f"  {label}, p50 (ms)", p["p50_ms"], f["p50_ms"], "", None))
        table.append(metric(f"  {label}, p95 (ms)", p["p95_ms"], f["p95_ms"], "", None))
    table.append(
        metric(
            "QSortFilterProxyModel floor, p50 / p95 (ms)",
            proxy["p50_ms"],
            proxy["p95_ms"],
            "",
            None,
        )
    )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="times every query is typed")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = qt_platform(args.platform)
    guard_none_refcount()
    profile = build_replica(Path(args.workdir), args.visits)
    samples = run(profile, args.rounds, QUERIES)
    table = rows_for(samples)
    print()
    print_metrics(table)
    summaries = {
        kind: {part: summary_ms(values) for part, values in parts.items() if part != "unpainted"}
        | {"keystrokes_without_repaint": parts["unpainted"][0]}
        for kind, parts in samples.items()
    }
    out = {
        "platform": args.platform,
        "visits": args.visits,
        "queries": QUERIES,
        "rounds": args.rounds,
        "summaries": summaries,
        "table": table,
    }
    path = write_json("gui_filter", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
