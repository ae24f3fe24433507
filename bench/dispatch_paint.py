"""How long the dispatch board's week takes to paint and to hit-test, by team size.

    .venv/bin/python -m bench.dispatch_paint                  # 5, 12, 20, 40 technicians
    .venv/bin/python -m bench.dispatch_paint --teams 40 --reps 3

Setup: a ``TimelineView`` on its own (no replica, no board around it) with this
week, working hours 08:00-18:00 Monday to Friday, and ``--visits`` visits for
each technician (four a working day, one to two hours each), as wide and high as
it asks to be (the board's scroll area gives it that), shown offscreen.

Timed, for each team size:

- **paint**: one full repaint of the whole board, ``widget.grab()``;
- **block_at**: one hit test (what a tooltip, a click or a double click asks),
  the mean over every block's centre and as many points between blocks;
- **drag, same slot**: a ``dragMoveEvent`` whose drop slot is the one the last
  move had (the pointer moved a pixel) and the paint it asks for, if any;
- **drag, next slot**: the same, the pointer moved to the next half hour.

The floor (paint only): the same blocks' rounded rectangles and two lines of text
drawn straight onto a ``QImage`` of the same size, their rectangles given: the
least drawing a board of that size does.  Painting should grow as the floor does,
linearly with the visits.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication

from bench._common import fmt, guard_none_refcount, print_table, write_json
from desktop.dispatch.mime import DraggedTicket, to_mime
from desktop.dispatch.timeline import TimelineView
from sync.dispatch import WorkingHours
from sync.store.dispatch import DispatchTicket, Technician

TEAMS = (5, 12, 20, 40)
HOURS = WorkingHours(clock(8), clock(18), frozenset(range(5)), UTC)
DRAG_MOVES = 8
STARTS = (8.5, 10.5, 13, 15.5)  # a working day's four visits
HEADER = (
    "technicians",
    "visits",
    "paint (ms)",
    "floor (ms)",
    "ratio",
    "block_at (ms)",
    f"drag, same slot (ms, of {DRAG_MOVES})",
    f"drag, next slot (ms, of {DRAG_MOVES})",
)


def week() -> list[date]:
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    return [monday + timedelta(days=n) for n in range(7)]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def schedule(technicians: int, per_person: int) -> tuple[list[Technician], list[DispatchTicket]]:
    people = [Technician(f"tech{n:02d}", f"Technician {n:02d}", "") for n in range(technicians)]
    visits: list[DispatchTicket] = []
    working = week()[:5]
    for person in people:
        for n in range(per_person):
            day, hour = working[(n // len(STARTS)) % 5], STARTS[n % len(STARTS)]
            start = datetime.combine(day, clock(0), UTC) + timedelta(hours=hour)
            end = start + timedelta(hours=1 + n % 2)
            visits.append(
                DispatchTicket(
                    1000 + len(visits), "Printer jams on every page", ("new", "open")[n % 2],
                    50, person.name, "Elmgrove Medical Practice", None, None,
                    stamp(start), stamp(end), n % 7 == 0, n % 11 == 0, None, person.label,
                )
            )  # fmt: skip
    return people, visits


def board(technicians: int, per_person: int) -> TimelineView:
    view = TimelineView()
    people, visits = schedule(technicians, per_person)
    view.set_schedule(week(), HOURS, people, visits)
    view.resize(view.sizeHint())
    view.show()
    settle()
    return view


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def best_of(reps: int, fn: Any) -> float:
    """The fastest of reps runs, in seconds: the least disturbed by the machine."""
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def floor_paint(view: TimelineView) -> None:
    image = QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(image.rect(), QColor("white"))
    painter.setBrush(QColor("#13866f"))
    for block in view.blocks():
        painter.drawRoundedRect(block.rect, 6, 6)
        painter.drawText(block.rect, Qt.AlignmentFlag.AlignTop, f"#{block.ticket.id}")
        painter.drawText(block.rect, Qt.AlignmentFlag.AlignBottom, "Elmgrove")
    painter.end()


def hit_points(view: TimelineView) -> list[QPointF]:
    """Every block's centre, and a point in the gap after each (a miss)."""
    rects = [b.rect for b in view.blocks()]
    return [r.center() for r in rects] + [QPointF(r.right() + 3, r.center().y()) for r in rects]


def mean_block_at(view: TimelineView) -> float:
    points = hit_points(view)
    start = time.perf_counter()
    for point in points:
        view.block_at(point)
    return (time.perf_counter() - start) / len(points)


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = 0

    def eventFilter(self, _obj: Any, event: Any) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted += 1
        return False


def drag_moves(view: TimelineView, step: int, moves: int) -> tuple[float, int]:
    """Mean seconds a drag move (and the paint it asks for) takes; how many painted.

    step 0: the pointer wiggles a pixel back and forth (a hand holding still)."""
    spy = PaintSpy()
    view.installEventFilter(spy)
    mime = to_mime(DraggedTicket(999, 60))
    start_at = view.point_of(view.rows[-1].name, datetime.combine(week()[2], clock(9), UTC))
    held = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton)
    with warnings.catch_warnings():
        # PySide offers these two only with a QPoint, which it marks deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.sendEvent(view, QDragEnterEvent(start_at, *held, Qt.KeyboardModifier(0)))
        moved = [
            QDragMoveEvent(QPoint(start_at.x() + (n * step or n % 2), start_at.y()), *held,
                           Qt.KeyboardModifier(0))
            for n in range(moves + 1)
        ]  # fmt: skip
    QApplication.sendEvent(view, moved[0])  # puts the ghost up
    settle()
    spy.painted = 0
    times = []
    for event in moved[1:]:
        begun = time.perf_counter()
        QApplication.sendEvent(view, event)
        settle()
        times.append(time.perf_counter() - begun)
    view.removeEventFilter(spy)
    return statistics.fmean(times), spy.painted


def measure(technicians: int, per_person: int, reps: int) -> dict[str, Any]:
    view = board(technicians, per_person)
    paint = best_of(reps, view.grab)
    floor = best_of(reps, lambda: floor_paint(view))
    hit = min(mean_block_at(view) for _ in range(reps))
    half_hour = round(view.hour_width(2) / 2)
    same, same_painted = drag_moves(view, 0, DRAG_MOVES)
    nxt, next_painted = drag_moves(view, half_hour, DRAG_MOVES)
    view.close()
    return {
        "technicians": technicians,
        "visits": technicians * per_person,
        "paint_ms": paint * 1000,
        "floor_ms": floor * 1000,
        "block_at_ms": hit * 1000,
        "drag_same_slot_ms": same * 1000,
        "drag_same_slot_paints": same_painted,
        "drag_next_slot_ms": nxt * 1000,
        "drag_next_slot_paints": next_painted,
    }


def drag(result: dict[str, Any], kind: str) -> str:
    return f"{fmt(result[f'drag_{kind}_ms'])} ({result[f'drag_{kind}_paints']} painted)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, nargs="+", default=list(TEAMS))
    parser.add_argument("--visits", type=int, default=20, help="visits per technician")
    parser.add_argument("--reps", type=int, default=5, help="runs of each; the fastest counts")
    parser.add_argument("--platform", default="offscreen", help="QT_QPA_PLATFORM")
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    os.environ["QT_QPA_PLATFORM"] = args.platform
    guard_none_refcount()
    _app = QApplication.instance() or QApplication([])
    results = []
    for team in args.teams:
        results.append(measure(team, args.visits, args.reps))
        print(f"  {team} technicians measured", flush=True)
    print()
    print_table(
        [
            [
                r["technicians"], r["visits"], r["paint_ms"], r["floor_ms"],
                r["paint_ms"] / r["floor_ms"], r["block_at_ms"],
                drag(r, "same_slot"), drag(r, "next_slot"),
            ]
            for r in results
        ],
        HEADER,
    )  # fmt: skip
    out = {"platform": args.platform, "visits_each": args.visits, "results": results}
    path = write_json("dispatch_paint", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
