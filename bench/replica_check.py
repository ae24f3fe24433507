"""What checking the replica costs at open, and what a full check and a salvage cost.

    .venv/bin/python -m bench.replica_check            # 510 visits, 300 KB articles

Every open runs the cheap check (header against size, ``quick_check`` of the
outbox, settings and cursors); a full ``quick_check`` runs only when a failed
query left the replica suspect (``sync/store/health.py``).  The floor is a bare
``sqlite3.connect`` plus one read: what an open costs with no check at all.
"Cold" drops the page cache first (root only; skipped otherwise), as after a
reboot, when the check has to read the file from disk.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import metric, print_metrics, summary_ms, write_json

REPEATS = 30
OPEN_TARGET_MS = 5.0


def build(path: Path, visits: int, articles: int, corpus_dir: Path) -> None:
    from bench.corpus import article_corpus, generate_tickets, load_articles  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store.kb import apply_remote_articles  # noqa: PLC0415
    from sync.store.tickets import apply_remote_history, apply_remote_ticket  # noqa: PLC0415

    db = open_database(path)
    with transaction(db):
        for ticket, history in generate_tickets(visits, 12, 3):
            apply_remote_ticket(db, ticket)
            apply_remote_history(db, ticket.id, history)
    corpus = article_corpus(corpus_dir / f"articles-{articles}.db", articles)
    with transaction(db):
        apply_remote_articles(db, [a.remote() for a in load_articles(corpus)])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def times_ms(action: Any, repeats: int = REPEATS) -> dict[str, float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return summary_ms(samples)


def drop_caches() -> bool:
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=510)
    parser.add_argument("--articles", type=int, default=300)
    args = parser.parse_args()
    from sync.store import open_database  # noqa: PLC0415
    from sync.store.salvage import salvage  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fielddesk.db"
        build(path, args.visits, args.articles, Path(folder))
        size_mb = path.stat().st_size / 1e6

        def bare() -> None:
            conn = sqlite3.connect(path)
            conn.execute("SELECT COUNT(*) FROM outbox").fetchone()
            conn.close()

        def checked() -> None:
            open_database(path).close()

        def full() -> None:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA quick_check").fetchall()
            conn.close()

        floor = times_ms(bare)
        opened = times_ms(checked)
        full_warm = times_ms(full, 5)
        cold: dict[str, float] | None = None
        if drop_caches():
            start = time.perf_counter()
            full()
            cold = {"full_quick_check_cold_ms": (time.perf_counter() - start) * 1000}
            drop_caches()
            start = time.perf_counter()
            checked()
            cold["open_with_check_cold_ms"] = (time.perf_counter() - start) * 1000
        copy = Path(folder) / "salvage" / "fielddesk.db"
        copy.parent.mkdir()
        shutil.copy(path, copy)
        start = time.perf_counter()
        salvage(copy, copy.parent / "damaged")
        salvage_ms = (time.perf_counter() - start) * 1000

    rows = [
        metric(
            "open with the cheap check, p50 ms",
            opened["p50_ms"],
            floor["p50_ms"],
            f"< {OPEN_TARGET_MS} ms",
            opened["p50_ms"] < OPEN_TARGET_MS,
        ),
        metric("full quick_check (warm), p50 ms", full_warm["p50_ms"], None, "when suspect", None),
        metric("salvage (whole file readable), ms", salvage_ms, None, "once", None),
    ]
    print(f"replica: {args.visits} visits, {args.articles} articles, {size_mb:.1f} MB")
    print_metrics(rows)
    if cold:
        print(f"cold cache: {cold}")
    write_json(
        "replica_check",
        {
            "visits": args.visits,
            "articles": args.articles,
            "size_mb": size_mb,
            "open_checked": opened,
            "open_floor": floor,
            "full_quick_check_warm": full_warm,
            "cold": cold,
            "salvage_ms": salvage_ms,
            "metrics": rows,
        },
    )


if __name__ == "__main__":
    main()
