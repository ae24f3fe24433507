"""Does KB search find what technicians type?  recall@1 and recall@3 on the sample KB.

    .venv/bin/python -m bench.kb_recall

A private RT (devrt) with the sample KB; alice's laptop syncs it; then every query of
the labelled set (tests/kb_queries.py: sentences, other word forms, typos, error codes,
half-typed words, each with the article that answers it) is searched two ways:

* product: ``sync.store.kb.search`` (every word in some form first, then most words,
  typos corrected);
* every-word floor: plain FTS5 needing every word as typed (the last as a prefix),
  ranked by the same bm25 weights: what search did before.

Reported: recall@1 and @3 of each, and the product's time per query (p50/p95) on this
small KB (the 100 000-article timings are bench/kb_search.py's).
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import sqlite_utils

from bench._common import metric, print_metrics, print_table, summary_ms, write_json
from devrt.instance import RTInstance
from sync.store import kb
from tests.integration.helpers import Technician
from tests.kb_queries import LABELLED

RECALL_TARGET = 0.95
_WORD = re.compile(r"\w+", re.UNICODE)
EVERY_WORD_SQL = (
    "SELECT a.name FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    " WHERE articles_fts MATCH ? AND articles_fts.rank MATCH 'bm25(10.0, 4.0, 1.0)'"
    " ORDER BY articles_fts.rank LIMIT ?"
)


def every_word(db: sqlite_utils.Database, typed: str, limit: int) -> list[str]:
    words = _WORD.findall(typed)
    if not words:
        return []
    query = " ".join(f'"{w}"' for w in words) + "*"
    return [row[0] for row in db.execute(EVERY_WORD_SQL, [query, limit]).fetchall()]


def product(db: sqlite_utils.Database, typed: str, limit: int) -> list[str]:
    return [hit.name for hit in kb.search(db, typed, limit)]


def recall(found: dict[str, list[str]], at: int) -> float:
    return sum(expected in found[typed][:at] for typed, expected in LABELLED) / len(LABELLED)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        instance = RTInstance(Path(folder) / "rt")
        rt = instance.up()
        try:
            laptop = Technician(rt, "alice", Path(folder))
            assert laptop.sync().ok
        finally:
            instance.destroy()
        db = laptop.db
        articles = kb.article_count(db)
        ours = {typed: product(db, typed, 3) for typed, _ in LABELLED}
        floor = {typed: every_word(db, typed, 3) for typed, _ in LABELLED}
        seconds = []
        for _ in range(20):
            for typed, _ in LABELLED:
                started = time.perf_counter()
                kb.search(db, typed, 50)
                seconds.append(time.perf_counter() - started)
    rows = [
        metric("recall@3", recall(ours, 3), recall(floor, 3), f">= {RECALL_TARGET:.0%}", None),
        metric("recall@1", recall(ours, 1), recall(floor, 1), "-", None),
    ]
    rows[0]["verdict"] = "ok" if recall(ours, 3) >= RECALL_TARGET else "MISSED"
    timing = summary_ms(seconds)
    print(f"{len(LABELLED)} labelled queries over {articles} sample articles")
    print_metrics(rows)
    print(f"product search: p50 {timing['p50_ms']:.2f} ms, p95 {timing['p95_ms']:.2f} ms")
    missed = [(t, e, ours[t]) for t, e in LABELLED if e not in ours[t]]
    if missed:
        print_table(missed, ("typed", "answer", "product's first three"))
    write_json(
        "kb_recall",
        {
            "queries": len(LABELLED),
            "articles": articles,
            "metrics": rows,
            "search_ms": timing,
            "missed": missed,
        },
    )


if __name__ == "__main__":
    main()
