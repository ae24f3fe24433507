"""How long the GUI thread stops when a visit with thousands of history entries is opened.

    .venv/bin/python -m bench.conversation_render                  # this tree, 5 rounds
    .venv/bin/python -m bench.conversation_render --before HEAD    # and that commit
    .venv/bin/python -m bench.conversation_render --rounds 10

Target: ≤ 50 ms on the GUI thread to open such a visit, and as much for a message
arriving on it.  Before the fix, a mail loop (an auto-responder answering RT's
auto-reply: ~3 000 entries, nearly all near-identical auto-replies) froze the window
for 170-330 ms each time the visit was opened, a note saved on it or a sync brought
it one message: every entry was drawn (935 KB of HTML, 9 201 blocks), and the
supervisor's newest note read "not shown here" (the budget went shortest first).

Setup (``tests/desktop/visit/mail_loop.py``): a replica with one visit of either
history, the real ``VisitDetail`` shown (700×740, offscreen), another visit shown
before each round.
- **loop**: a request, 40 ordinary entries, 2 916 near-identical auto-replies from
  one address, the supervisor's 1.1 KB handover note last;
- **long**: 3 000 ordinary entries, all different (nothing to fold).
What is timed, per round: ``read_visit`` (**read**: the replica, on the GUI thread as
``show_visit`` does), the panel's ``_show`` (**render**: the conversation's HTML and
``setHtml``; the header and tabs), then the event loop until idle and a paint of the
panel (**layout+paint**); then the same after one more message was stored
(**one more**: ``refresh``, as after a note saved).  ``note shown``: the handover
note shown whole.

Each tree runs in a child process of its own (``--before REV``: the product code of
``git archive REV``, driven by this script and the tests' replica of this tree).
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
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench._common import REPO, print_table, settle_events, trees_to_measure, write_json

TARGET_MS = 50.0
HISTORIES = ("loop", "long")


# -- the child: one tree, one history, timed in its own process ---------------------


def child(history: str, rounds: int) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    from desktop.common.messages import MessageBridge  # noqa: PLC0415 - from the tree under test
    from desktop.visit import VisitDetail  # noqa: PLC0415
    from desktop.visit.snapshot import read_visit  # noqa: PLC0415
    from sync.profile import Profile  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store import tickets as ticket_store  # noqa: PLC0415
    from tests.desktop.visit import mail_loop  # noqa: PLC0415 - this tree's replica
    from tests.sync.test_store import remote_ticket  # noqa: PLC0415

    samples: dict[str, Any] = {"read": [], "render": [], "paint": [], "one_more": []}
    with tempfile.TemporaryDirectory() as scratch:
        profile = Profile(Path(scratch) / "p").ensure()
        db = open_database(profile.database_path)
        (mail_loop.mail_loop if history == "loop" else mail_loop.long_history)(db)
        other = mail_loop.VISIT + 1
        with transaction(db):
            ticket_store.apply_remote_ticket(db, remote_ticket(other, subject="Another visit"))
        panel = VisitDetail(db, profile, MessageBridge())
        panel.resize(700, 740)
        panel.show()
        settle_events(app)
        for r in range(rounds + 1):  # the first round warms up
            panel.show_visit(other)
            settle_events(app)
            start = time.perf_counter()
            snapshot = read_visit(db, mail_loop.VISIT)
            read = time.perf_counter()
            panel._show(snapshot)  # what show_visit does after reading
            rendered = time.perf_counter()
            settle_events(app)
            panel.grab()
            painted = time.perf_counter()
            _one_more_message(db, r)
            more = time.perf_counter()
            panel.refresh()
            settle_events(app)
            panel.grab()
            if r:
                samples["read"].append(read - start)
                samples["render"].append(rendered - read)
                samples["paint"].append(painted - rendered)
                samples["one_more"].append(time.perf_counter() - more)
        text = panel.conversation.toPlainText()
        samples["entries"] = len(panel.conversation.entries)
        samples["html_kb"] = len(panel.conversation.toHtml()) / 1000
        samples["blocks"] = panel.conversation.document().blockCount()
        samples["note_shown"] = history != "loop" or mail_loop.HANDOVER in text
        panel.shutdown()
        db.close()
    return samples


def _one_more_message(db: Any, r: int) -> None:
    """A message from the customer stored, as a sync brings it."""
    from sync.connectors.base import RemoteTransaction  # noqa: PLC0415
    from sync.store import tickets as ticket_store  # noqa: PLC0415
    from sync.store import transaction  # noqa: PLC0415
    from tests.desktop.visit import mail_loop  # noqa: PLC0415

    said = f"One more message ({r})."
    when = "2026-11-28T09:00:00Z"
    txn = RemoteTransaction(900_000 + r, mail_loop.VISIT, "Correspond", when, mail_loop.CUSTOMER)
    with transaction(db):
        ticket_store.apply_remote_history(db, mail_loop.VISIT, [replace(txn, body=said)])


# -- the parent ------------------------------------------------------------------


def measure(source: Path | None, history: str, rounds: int) -> dict[str, Any]:
    paths = [str(source), str(REPO)] if source else [str(REPO)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, "-m", "bench.conversation_render", "--phase", history]
    command += ["--rounds", str(rounds)]
    # `-m` puts the working directory first on the path: the product's tree.
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, check=True, cwd=source or REPO
    )
    samples: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result = {
        f"{what}_{stat}_ms": 1000 * fn(samples[what])
        for what in ("read", "render", "paint", "one_more")
        for stat, fn in (("p50", statistics.median), ("max", max))
    }
    keep = ("entries", "html_kb", "blocks", "note_shown")
    return result | {key: samples[key] for key in keep}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", metavar="REV", help="also measure this commit")
    parser.add_argument("--json", type=Path, help="default: bench/results/conversation_render.json")
    parser.add_argument("--phase", choices=HISTORIES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(child(args.phase, args.rounds)))
        return 0
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, source in trees_to_measure(args.before, Path(tmp)).items():
            results[name] = {}
            for history in HISTORIES:
                results[name][history] = measure(source, history, args.rounds)
                print(f"{name} {history}: done", file=sys.stderr)
    rows = []
    for name, by_history in results.items():
        for history, m in by_history.items():
            opened = m["read_p50_ms"] + m["render_p50_ms"] + m["paint_p50_ms"]
            ok = opened <= TARGET_MS and m["one_more_p50_ms"] <= TARGET_MS and m["note_shown"]
            figures = [m[f"{what}_p50_ms"] for what in ("read", "render", "paint")]
            sizes = [m["one_more_p50_ms"], m["html_kb"], m["blocks"], str(m["note_shown"])]
            rows.append([name, history, *figures, opened, *sizes, "PASS" if ok else "MISS"])
    header = ["tree", "history", "read", "render", "layout+paint", "open (ms)", "one more"]
    print_table(rows, [*header, "HTML KB", "blocks", "note shown", "verdict"])
    write_json(
        "conversation_render",
        {"rounds": args.rounds, "before_rev": args.before, "target_ms": TARGET_MS, **results},
        args.json,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
