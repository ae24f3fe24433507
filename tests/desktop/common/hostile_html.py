"""Hostile bodies, and how long the visit panel and the KB reader take to show them.

Shared by the render-time test (``test_hostile_render.py``), the fuzz test and
``bench/hostile_render.py``.  ``probe`` times cases in a child process
(``python -m tests.desktop.common.hostile_html [--rounds N] CASE…``), so that a
body that never finishes rendering times out instead of hanging the caller;
with ``source`` it times another source tree's product code (the benchmark's
"before").  A "render" is everything the GUI thread does to open the body and
scroll through it: sanitise, bound, ``setHtml``, lay out the whole document
(scrolled to the end) and paint what is on screen.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QTextBrowser

from desktop.common.background import BackgroundTasks
from desktop.common.full_text import FullTextDialog
from desktop.kb.reader import ArticleReader
from desktop.kb.render import article_html
from desktop.visit.conversation import ConversationView
from sync.store.kb import Article
from sync.store.tickets import HistoryEntry

MB = 1_000_000


def nested_tables(depth: int) -> str:
    return "<table><tr><td>" * depth + "x" + "</td></tr></table>" * depth


def left_open(opening: str, size: int = 100_000) -> str:
    """``opening`` left open in a paragraph, then paragraphs up to ``size``: the
    parser opened the formatting elements left open all again in each one."""
    head = f"<p>{opening}</p>"
    return head + "<p>x</p>" * ((size - len(head)) // 8)


CASES: dict[str, tuple[str, str]] = {  # name: (body, content type)
    # The numbers: depth 20 (661 bytes) took 26 s, depth 25 never finished.
    "tables-25": (nested_tables(25), "text/html"),
    "tables-400": (nested_tables(400), "text/html"),  # the real synced ticket
    "divs-5000": ("<div>" * 5000 + "x" + "</div>" * 5000, "text/html"),
    "html-5mb": ("<p>" + ("Paper jam again, see log. " * 8 + "</p><p>") * 25_000, "text/html"),
    "text-5mb": (("13.B2.D1 paper jam at tray 2; page count 48210. " * 3 + "\n") * 35_000, None),
    "word-2mb": ("<p>" + "A" * 2 * MB + "</p>", "text/html"),
    "colspan": ("<table>" + "<tr><td colspan=100000>x</td></tr>" * 20 + "</table>", "text/html"),
    "cells-20000": ("<table>" + ("<tr>" + "<td>a</td>" * 10 + "</tr>") * 2000 + "</table>", None),
    "list-40000": ("<ol>" + "<li>step</li>" * 40_000 + "</ol>", "text/html"),
    # 1 000 bold tags, no two alike: 6 s and 2.8 GB in nh3 alone (2 000: 17 s, 4.8 GB).
    "bold-left-open": (left_open("".join(f"<b id={i}>" for i in range(1000))), "text/html"),
    # A link's 20 KB address, copied into each paragraph: 200 MB.
    "link-left-open": (left_open('<a href="https://x.example/' + "A" * 20_000 + '">'), "text/html"),
}


# Bodies for "show all" only: more lines than anyone reads (the conversation and the
# reader show their first part, as for "text-5mb").
SHOW_ALL_CASES: dict[str, tuple[str, str | None]] = {
    "lines-2.5m": ("x\n" * 2_500_000, None),
    "paragraphs-600k": ("<p>x</p>" * 600_000, "text/html"),
}


def app() -> QApplication:
    existing = QApplication.instance()
    return existing if isinstance(existing, QApplication) else QApplication([])


def _lay_out_and_paint(view: QTextBrowser) -> None:
    app().processEvents()
    view.document().documentLayout().documentSize()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # everything laid out, the end on screen
    view.viewport().grab()


def conversation_view() -> ConversationView:
    view = ConversationView()
    view.resize(700, 600)
    view.show()
    show_conversation(view, [])
    _lay_out_and_paint(view)
    return view


def message(body: str, body_type: str | None) -> HistoryEntry:
    return HistoryEntry(
        1, "Correspond", "2026-11-23T10:00:00Z", "customer", None, None, None, 0, body, body_type
    )


def timed(show: Callable[[], None], view: QTextBrowser) -> float:
    started = time.perf_counter()
    show()
    _lay_out_and_paint(view)
    return time.perf_counter() - started


def show_conversation(view: ConversationView, entries: list[HistoryEntry]) -> None:
    if hasattr(view, "show_history"):
        view.show_history(entries, {}, [])
    else:  # a source tree from before issue 14 (the benchmark's "before")
        from desktop.visit.conversation import conversation_html  # noqa: PLC0415

        view.setHtml(conversation_html(entries, {}, []))


def conversation_seconds(view: ConversationView, body: str, body_type: str | None) -> float:
    return timed(lambda: show_conversation(view, [message(body, body_type)]), view)


def article_seconds(reader: ArticleReader, body: str) -> float:
    article = Article(1, "Hostile article", "", body, None, False)
    return timed(lambda: reader.show_article(1, article_html(article, lambda _names: {})), reader)


def reader_view() -> ArticleReader:
    reader = ArticleReader()
    reader.resize(700, 600)
    reader.show()
    _lay_out_and_paint(reader)
    return reader


def show_all_seconds(body: str, body_type: str | None) -> dict[str, float]:
    """ "Show all" of a body: the longest the GUI thread did not answer (a 1 ms timer
    late) from the click until the dialog was filled, and how long that took."""
    tasks = BackgroundTasks()
    beats = [time.perf_counter()]
    heart = QTimer()
    heart.setInterval(1)
    heart.timeout.connect(lambda: beats.append(time.perf_counter()))
    heart.start()
    dialog = FullTextDialog("Hostile message", body, body_type, tasks)
    dialog.show()
    while not dialog.ready:
        app().processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    beats.append(time.perf_counter())
    heart.stop()
    dialog.close()
    tasks.shutdown()
    longest = max(later - earlier for earlier, later in itertools.pairwise(beats))
    return {"show_all_stall": longest, "show_all_filled": beats[-1] - beats[0]}


Times = dict[str, dict[str, list[float]]]  # case: {"conversation"|"article": seconds per round}


def probe(
    cases: Sequence[str],
    *,
    timeout: float,
    rounds: int = 1,
    source: Path | None = None,
    show_all: bool = False,
) -> Times:
    """Render times of the cases (with ``show_all``: "show all" times), measured in a
    child process; raises ``subprocess.TimeoutExpired`` when they take longer than
    ``timeout`` seconds."""
    here = Path(__file__).resolve().parents[3]
    paths = [str(source), str(here)] if source else [str(here)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-m", __name__, "--rounds", str(rounds), *cases]
    if show_all:
        command.insert(3, "--show-all")
    # `-m` puts the working directory first on the path: the product's tree.
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=True,
        cwd=source or here,
    )
    times: Times = json.loads(done.stdout.strip().splitlines()[-1])
    return times


def show_all_times(cases: Sequence[str], rounds: int) -> Times:
    times: Times = {}
    for name in cases:
        body, body_type = {**CASES, **SHOW_ALL_CASES}.get(name, ("", "text/html"))
        times[name] = {"show_all_stall": [], "show_all_filled": []}
        for _ in range(rounds):
            for what, seconds in show_all_seconds(body, body_type).items():
                times[name][what].append(seconds)
    return times


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--show-all", action="store_true", help="time the whole-text dialog")
    parser.add_argument("cases", nargs="+", choices=["empty", *CASES, *SHOW_ALL_CASES])
    args = parser.parse_args(argv)
    app()
    if args.show_all:
        print(json.dumps(show_all_times(args.cases, args.rounds)))
        return 0
    view, reader = conversation_view(), reader_view()
    times: Times = {}
    for name in args.cases:
        body, body_type = CASES.get(name, ("", "text/html"))
        times[name] = {"conversation": [], "article": []}
        for _ in range(args.rounds):
            times[name]["conversation"].append(conversation_seconds(view, body, body_type))
            times[name]["article"].append(article_seconds(reader, body))
            view.setHtml("")
            reader.setHtml("")
    print(json.dumps(times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
