"""How long opening a visit takes in the visit panel (target: 20 ms).

    .venv/bin/python -m bench.open_visit                       # a large synthetic replica
    .venv/bin/python -m bench.open_visit --profile DIR          # also a real synced profile
    .venv/bin/python -m bench.open_visit --tickets 2000 --history 60

Times ``VisitDetail.show_visit(id)`` (every query, the safe HTML, the lists
and the header) for each visit in turn, several rounds, off-screen; prints
p50/p95.  The large replica: N visits, each with H history entries (long,
HTML-heavy customer mails among them), 3 assets, 4 files and 30 related
tickets at its site.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite_utils
from PySide6.QtWidgets import QApplication

from bench._common import summary_ms
from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from sync.connectors.base import RelatedTicket, RemoteAsset, RemoteTicket, RemoteTransaction
from sync.profile import Profile
from sync.store import assets, open_database, transaction
from sync.store import related as related_store
from sync.store import tickets as ticket_store

TARGET_MS = 20.0
# PySide6 6.12 on CPython 3.11 returns None from void calls without a new
# reference (it assumes 3.12's immortal None), so every call lowers None's
# refcount and a long run aborts with "deallocating None".  Hold enough
# references for this run; the app itself needs PySide6 < 6.12 or Python >= 3.12.
_NONE_BALLAST = [None] * 50_000_000
MAIL = (
    "<p>Hello,</p><p>The <b>printer</b> at reception jams again. "
    + "We tried the usual things, " * 40
    + "</p><ul><li>13.B2.D1</li><li>creased pages</li></ul><p>Regards,<br>Julie</p>"
)


def build_large(path: Path, tickets: int, history: int) -> None:
    db = open_database(path)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    rng = random.Random(7)
    txn = 1
    with transaction(db):
        for tid in range(1, tickets + 1):
            site = f"Site {tid % 200}"
            fields: dict[str, str | None] = {
                "subject": f"Visit {tid}: printer jams on every second page",
                "status": rng.choice(["new", "open", "stalled", "resolved"]),
                "priority": "50",
                "owner": "alice",
                "due": now,
                "site": site,
                "address": "12 Harbour Street\nPortsmouth\nPO1 3AX",
                "contact": "Julie Marsh, +44 23 9200 1234, reception@acme-dental.example",
                "visit_start": now,
                "visit_end": now,
                "parts_used": "1 x fuser\n1 x roller kit",
            }
            ticket_store.apply_remote_ticket(
                db,
                RemoteTicket(tid, "1", now, now, "3", fields, [{"email": "x@y.example"}], 30),
            )
            entries = []
            for n in range(history):
                kind = ("Correspond", "Comment", "Status")[n % 3]
                body = (
                    MAIL
                    if kind == "Correspond"
                    else ("Checked the fuser. " * 10 if kind == "Comment" else None)
                )
                entries.append(
                    RemoteTransaction(
                        txn,
                        tid,
                        kind,
                        now,
                        "alice",
                        "Status",
                        "open",
                        "stalled",
                        5,
                        body,
                        "text/html" if kind == "Correspond" else "text/plain",
                    )
                )
                txn += 1
            ticket_store.apply_remote_history(db, tid, entries)
            assets.apply_remote_assets(
                db,
                tid,
                [
                    RemoteAsset(
                        tid * 10 + k,
                        f"PRN-{tid}-{k}",
                        "1",
                        "in-use",
                        "HP M404dn",
                        f"VNB{tid}{k}",
                        "2027-03-31",
                        now,
                    )
                    for k in range(3)
                ],
            )
            for k in range(4):
                db.execute(
                    "INSERT INTO attachments (id, ticket_id, transaction_id, filename,"
                    " content_type, size) VALUES (?, ?, ?, ?, 'image/jpeg', 2000000)",
                    [tid * 10 + k, tid, txn - 1 - k, f"photo-{k}.jpg"],
                )
        related_store.apply_related(
            db,
            [
                RelatedTicket(
                    100_000 + n,
                    f"Earlier jam {n}",
                    "resolved",
                    "bob",
                    f"Site {n % 200}",
                    now,
                    now,
                    now,
                )
                for n in range(200 * 30)
            ],
        )
    db.close()


def measure(profile: Profile, rounds: int) -> dict[str, float]:
    db: sqlite_utils.Database = open_database(profile.database_path)
    messages = MessageBridge()
    panel = VisitDetail(db, profile, messages)
    panel.resize(700, 740)
    panel.show()
    ids = [v.id for v in ticket_store.list_visits(db)][:300]
    QApplication.processEvents()
    samples = []
    for _ in range(rounds):
        for visit_id in ids:
            start = time.perf_counter()
            panel.show_visit(visit_id)
            samples.append(time.perf_counter() - start)
            QApplication.processEvents()  # paint, as the window would between clicks
    panel.shutdown()
    db.close()
    return summary_ms(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profile", type=Path, help="a synced profile directory to measure too")
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--history", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    results = []
    if args.profile:
        results.append(
            ("profile " + args.profile.name, measure(Profile(args.profile), args.rounds))
        )
    with tempfile.TemporaryDirectory() as scratch:
        large = Profile(Path(scratch) / "large").ensure()
        build_large(large.database_path, args.tickets, args.history)
        label = f"large ({args.tickets} visits x {args.history} entries)"
        results.append((label, measure(large, args.rounds)))
    for label, stats in results:
        verdict = "ok" if stats["p95_ms"] <= TARGET_MS else "OVER TARGET"
        print(
            f"open visit, {label}: n={stats['n']} p50={stats['p50_ms']:.1f} ms"
            f" p95={stats['p95_ms']:.1f} ms max={stats['max_ms']:.1f} ms"
            f"  [{verdict}, target {TARGET_MS:.0f} ms]"
        )
    del app
    sys.stdout.flush()
    os._exit(0)  # skip finalisation: it would count the leaked None references (see above)


if __name__ == "__main__":
    main()
