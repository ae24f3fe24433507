"""How long hostile bodies take to show in the visit panel and the KB reader (issue 14).

    .venv/bin/python -m bench.hostile_render                    # this tree, 5 rounds
    .venv/bin/python -m bench.hostile_render --before 43806b5   # and that commit, for comparison
    .venv/bin/python -m bench.hostile_render --cases tables-25 divs-5000 --rounds 10
    .venv/bin/python -m bench.hostile_render --show-all --before 6838dd8   # "show all"

Target: ≤ 100 ms on the GUI thread for any ticket or article.

The bodies are ``tests/desktop/common/hostile_html.CASES``: tables nested 25
and 400 deep, 5 000 nested ``div``, 5 MB of HTML and of plain text, a 2 MB
word, a 100 000-column ``colspan``, 20 000 table cells, a 40 000-item list,
and 100 KB of paragraphs after 1 000 bold tags, or a link with a 20 KB
address, left open (the parser opened them again in each paragraph).
What is timed, per body: everything the GUI thread does to open it and scroll
through it — sanitise, bound, ``setHtml``, lay out the whole document
(scrolled to the end) and paint what is on screen — in a ``ConversationView``
(one message) and an ``ArticleReader`` (one article), 700×600, offscreen.

Each case runs in a child process of its own (``hostile_html.probe``) with a
time limit (``--limit``, default 60 s): without the bounds several never
finish, and the row says so.  ``--before REV`` runs the same cases against
``git archive REV`` (the product code of that commit; its conversation view
is driven the way that commit did).  The floor: an empty body, same path.

``--show-all``: the same bodies and two of millions of short lines
(``SHOW_ALL_CASES``) opened whole in the "show all" dialog: the longest the GUI
thread did not answer (a 1 ms timer late), and the time until the dialog was
filled.  Aim: the window answers throughout (before: 9 s without an answer for 2.5
million lines); what is left is the sanitiser's regular expressions, which hold the
interpreter on the thread pool for up to ~0.4 s on 5 MB of bare tags.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench._common import RESULTS, export_tree, machine, print_table
from tests.desktop.common.hostile_html import CASES, SHOW_ALL_CASES, probe


def run_case(
    source: Path | None, case: str, rounds: int, limit: float, *, show_all: bool = False
) -> dict[str, Any]:
    try:
        samples = probe([case], timeout=limit, rounds=rounds, source=source, show_all=show_all)[
            case
        ]
    except subprocess.TimeoutExpired:
        return {"finished": False, "limit_s": limit}
    return {
        "finished": True,
        **{
            f"{where}_{stat}_ms": 1000 * fn(values)
            for where, values in samples.items()
            for stat, fn in (("p50", statistics.median), ("max", max))
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="*")
    parser.add_argument("--show-all", action="store_true", help='time the "show all" dialog')
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=float, default=60.0, help="seconds a case may take")
    parser.add_argument("--before", metavar="REV", help="also run the cases on this commit")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.show_all:
        cases = args.cases or [*CASES, *SHOW_ALL_CASES]
        measures = {"show_all_stall": "longest stall", "show_all_filled": "filled"}
        json_path = args.json or RESULTS / "hostile_show_all.json"
    else:
        cases = args.cases or ["empty", *CASES]
        measures = {"conversation": "visit", "article": "article"}
        json_path = args.json or RESULTS / "hostile_render.json"
    trees: dict[str, Path | None] = {"after": None}
    with tempfile.TemporaryDirectory() as tmp:
        if args.before:
            trees = {"before": export_tree(args.before, Path(tmp)), **trees}
        results: dict[str, dict[str, Any]] = {name: {} for name in trees}
        rows = []
        for case in cases:
            row: list[Any] = [case]
            for name, source in trees.items():
                rounds = args.rounds if name == "after" else 1
                measured = run_case(source, case, rounds, args.limit, show_all=args.show_all)
                results[name][case] = measured
                for where in measures:
                    row.append(
                        measured[f"{where}_p50_ms"]
                        if measured["finished"]
                        else f"> {args.limit:.0f} s"
                    )
            rows.append(row)
            print(f"{case}: done", file=sys.stderr)
    header = ["case"] + [f"{n} {w} p50 (ms)" for n in trees for w in measures.values()]
    print_table(rows, header)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps({"machine": machine(), "rounds": args.rounds, **results}, indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
