"""KB ingest and search, and ticket ingest, against raw-connection floors (SQLCipher, same key).

    .venv/bin/python -m bench.kb_search                 # 100 000 articles, 10 000 tickets
    .venv/bin/python -m bench.kb_search --articles 20000 --tickets 2000 --reps 5   # quicker

What is measured (each phase in a fresh process, so peak RSS is per phase):

* ingest-store: ``apply_remote_articles`` of every article, a transaction per
  batch of pages with where the listing got to, through the real schema (FTS5
  kept up to date by triggers), as the first sync does.  Floor:
  ``executemany`` of the same rows into a plain table and one FTS5
  ``'rebuild'`` of an equivalent external-content index (same tokenizer, same
  prefix indexes), same pragmas (WAL, synchronous=FULL), same directory, on the
  same kind of connection (SQLCipher, the profile's key, the product's page
  cache), in one transaction.
* search: ``sync.store.kb.search(db, text)`` for 1-3 word queries, prefixes and
  whole sentences as technicians type them, interleaved with the ``raw FTS5``
  floor on the same database: FTS5 needing every word as typed (the last as a
  prefix), bm25 with the same weights through FTS5's ``rank`` column, with
  snippet() -- what search did before it took other word forms, typos and
  sentences (bench/kb_recall.py measures what that finds).  For sentences and
  typos that floor finds nothing, so theirs is FTS5 matching *any* of the words
  as typed (stop words left out), ranked the same way with the same LIMIT: what
  a sentence costs done the obvious way.  Queries whose hits differ from the
  floor's are listed (expected: the product finds more, or ranks otherwise).
* tickets: ``apply_remote_ticket`` + ``apply_remote_history`` for N tickets
  in one transaction vs ``executemany`` of the same rows into the same schema;
  plus the engine's shape (one transaction per ticket) for a subset.

The generated articles are cached in the work directory (generating 100 000
takes about half a minute).
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from bench._common import (
    current_rss_mb,
    emit,
    metric,
    peak_rss_mb,
    print_metrics,
    print_table,
    ratio,
    run_phase,
    summary_ms,
    write_json,
)

MODULE = "bench.kb_search"
INGEST_TARGET = 1.5
SEARCH_TARGET = 1.5
SEARCH_ABS_TARGET_MS = 25.0
PREFIX_TARGET_MS = 150.0

WORD_QUERIES = [
    # one word: very common, common, rarer, diacritics folded both ways
    "printer",
    "network",
    "wifi",
    "driver",
    "toner",
    "vlan",
    "firmware",
    "cafe",
    "Müller",
    "dhcp",
    # two words
    "toner jam",
    "wifi roaming",
    "switch vlan",
    "printer driver",
    "dns timeout",
    "zebra label",
    # three words
    "printer driver update",
    "vlan trunk switch",
    "wifi access point",
    "nas raid backup",
]
PREFIX_QUERIES = ["print", "netw", "dri", "ton", "vl", "firm"]
# Whole sentences and typos: their floor is any word as typed (every word finds nothing).
SENTENCE_QUERIES = [
    "printer offline after a power outage",
    "outlook password prompt keeps popping up",
    "vpn keeps disconnecting",
    "access points keep rebooting",
    "outlok password",
    "firmwre update",
]

# The floor: every word as typed, ranked by FTS5 itself (only the LIMIT rows
# are joined and get a snippet).
RAW_FTS_SQL = (
    "SELECT a.id, a.name, a.summary,"
    " snippet(articles_fts, 2, '[', ']', '…', 12), a.draft"
    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    " WHERE articles_fts MATCH ? AND articles_fts.rank MATCH 'bm25(10.0, 4.0, 1.0)'"
    " ORDER BY articles_fts.rank LIMIT ?"
)
_WORD = re.compile(r"\w+", re.UNICODE)


def every_word_query(text: str) -> str:
    """Every word as typed must match, the last as a prefix (search before sentences)."""
    return " ".join(f'"{w}"' for w in _WORD.findall(text)) + "*"


def any_word_query(text: str) -> str:
    """Any of the sentence's words as typed (stop words left out, as the product does):
    the obvious FTS5 search for a sentence, ranked by bm25."""
    from sync.store.kb_query import STOP_WORDS  # noqa: PLC0415

    words = [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]
    return " OR ".join(f'"{w}"' for w in words)


# The product's upsert, verbatim (sync/store/kb.py apply_remote_articles()).
UPSERT_SQL = (
    "INSERT INTO articles (id, name, summary, content, content_text, last_updated)"
    " VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
    " summary = excluded.summary, content = excluded.content,"
    " content_text = excluded.content_text, last_updated = excluded.last_updated"
    " WHERE last_updated IS NOT excluded.last_updated"
)

FLOOR_SCHEMA = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '', content_text TEXT NOT NULL DEFAULT '',
    last_updated TEXT, disabled INTEGER NOT NULL DEFAULT 0, draft INTEGER NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    name, summary, content_text, content='articles', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
"""


def durable_connection(path: Path, *, read_only: bool = False) -> Any:
    """A raw connection of the same kind as the product's: SQLCipher with the profile's
    key (the floor is encrypted too), the same page cache and pragmas (WAL,
    synchronous=FULL), without the product's store code."""
    from sync.store import cipher  # noqa: PLC0415 - the driver and the key
    from sync.store.database import ENCRYPTED_CACHE_KIB  # noqa: PLC0415

    key = cipher.read_key(path) if read_only else cipher.key_for(path)
    where = f"file:{path}?mode=ro" if read_only else str(path)
    conn = cipher.connect(where, key, isolation_level=None, uri=read_only)
    if key is not None:
        conn.execute(f"PRAGMA cache_size = -{ENCRYPTED_CACHE_KIB}")
    if not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def db_size_mb(path: Path) -> float:
    return (
        sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
        / 2**20
    )


# -- phases (each runs in its own process) ---------------------------------------------


def phase_corpus(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import article_corpus  # noqa: PLC0415 - keeps --help fast

    start = time.perf_counter()
    article_corpus(Path(args.corpus), args.articles)
    return {"seconds": time.perf_counter() - start}


def phase_ingest_store(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import load_articles  # noqa: PLC0415
    from sync.pullers.articles import BATCH_ARTICLES, LISTING_SETTING  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store.kb import apply_remote_articles, plain_text  # noqa: PLC0415
    from sync.store.settings import set_setting  # noqa: PLC0415

    articles = [row.remote() for row in load_articles(Path(args.corpus))]
    rss_data = current_rss_mb()
    db = open_database(fresh(Path(args.db)))
    start = time.perf_counter()
    # As the first sync writes the listing: a transaction per batch of pages, with
    # where the listing got to (sync/pullers/articles.py).
    for at in range(0, len(articles), BATCH_ARTICLES):
        with transaction(db):
            apply_remote_articles(db, articles[at : at + BATCH_ARTICLES])
            set_setting(db, LISTING_SETTING, json.dumps({"after_id": articles[at].id}))
    seconds = time.perf_counter() - start
    peak = peak_rss_mb()
    # How much of that is the HTML-to-text step (product work the floor gets for free).
    start = time.perf_counter()
    for article in articles:
        plain_text(article.content)
    plain_seconds = time.perf_counter() - start
    db.close()
    return {
        "seconds": seconds,
        "plain_text_seconds": plain_seconds,
        "rss_data_mb": rss_data,
        "peak_rss_mb": peak,
        "db_mb": db_size_mb(Path(args.db)),
    }


def phase_ingest_triggers(args: argparse.Namespace) -> dict[str, Any]:
    """Diagnostic: the product's schema and upsert, but one executemany (no Python loop)."""
    from bench.corpus import load_articles  # noqa: PLC0415
    from sync.store import open_database  # noqa: PLC0415

    rows = [
        (a.id, a.name, a.summary, a.content, a.content_text, a.last_updated)
        for a in load_articles(Path(args.corpus))
    ]
    open_database(fresh(Path(args.db))).close()
    conn = durable_connection(Path(args.db))
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(UPSERT_SQL, rows)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return {"seconds": seconds}


def phase_ingest_floor(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import load_articles  # noqa: PLC0415

    rows = [
        (a.id, a.name, a.summary, a.content, a.content_text, a.last_updated)
        for a in load_articles(Path(args.corpus))
    ]
    rss_data = current_rss_mb()
    conn = durable_connection(fresh(Path(args.db)))
    conn.executescript(FLOOR_SCHEMA)
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO articles (id, name, summary, content, content_text, last_updated)"
        " VALUES (?,?,?,?,?,?)",
        rows,
    )
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    peak = peak_rss_mb()
    conn.close()
    return {
        "seconds": seconds,
        "rss_data_mb": rss_data,
        "peak_rss_mb": peak,
        "db_mb": db_size_mb(Path(args.db)),
    }


def phase_search(args: argparse.Namespace) -> dict[str, Any]:
    from sync.store import open_database  # noqa: PLC0415
    from sync.store.kb import search  # noqa: PLC0415

    db = open_database(Path(args.db))
    raw = durable_connection(Path(args.db), read_only=True)
    limit = 50

    def product(text: str) -> Any:
        return search(db, text, limit)

    def raw_fts(text: str) -> Any:
        query = any_word_query(text) if text in SENTENCE_QUERIES else every_word_query(text)
        return raw.execute(RAW_FTS_SQL, [query, limit]).fetchall()

    variants = {"product": product, "raw FTS5": raw_fts}
    groups = {"words": WORD_QUERIES, "prefix": PREFIX_QUERIES, "sentences": SENTENCE_QUERIES}
    samples: dict[str, dict[str, list[float]]] = {g: {v: [] for v in variants} for g in groups}
    per_query: dict[str, dict[str, list[float]]] = {}
    matches: dict[str, int] = {}
    differing: list[str] = []
    for queries in groups.values():
        for text in queries:
            per_query[text] = {v: [] for v in variants}
            got = [(h.id, h.snippet) for h in product(text)]  # also warms the cache
            want = [(r[0], r[3]) for r in raw_fts(text)]
            matches[text] = len(got)
            if got != want:
                differing.append(text)
    names = list(variants)
    for rep in range(args.reps):
        order = names[rep % len(names) :] + names[: rep % len(names)]  # rotate who goes first
        for group, queries in groups.items():
            for text in queries:
                for name in order:
                    start = time.perf_counter()
                    variants[name](text)
                    elapsed = time.perf_counter() - start
                    samples[group][name].append(elapsed)
                    per_query[text][name].append(elapsed)
    return {
        "groups": {g: {v: summary_ms(s) for v, s in vs.items()} for g, vs in samples.items()},
        "per_query": {
            q: {"matches": matches[q], **{v: summary_ms(s)["p50_ms"] for v, s in vs.items()}}
            for q, vs in per_query.items()
        },
        "results_differ": differing,
        "peak_rss_mb": peak_rss_mb(),
    }


def _ticket_rows(ticket: Any, history: list[Any]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    from sync.connectors.base import SYNCED_FIELDS  # noqa: PLC0415

    fields = ticket.fields
    trow = (
        ticket.id,
        ticket.queue,
        ticket.created,
        ticket.last_updated,
        json.dumps(ticket.requestors),
        ticket.time_worked,
        ticket.etag,
        json.dumps({n: fields.get(n) for n in SYNCED_FIELDS}),
        max(t.id for t in history) if history else 0,
        *(fields.get(n) for n in SYNCED_FIELDS),
    )
    hrows = [
        (
            t.id,
            ticket.id,
            t.type,
            t.created,
            t.creator,
            t.field,
            t.old_value,
            t.new_value,
            t.time_taken,
            t.body,
            t.body_type,
        )
        for t in history
    ]
    return trow, hrows


def phase_tickets(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import generate_tickets  # noqa: PLC0415
    from sync.connectors.base import SYNCED_FIELDS  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store.tickets import apply_remote_history, apply_remote_ticket  # noqa: PLC0415

    data = list(generate_tickets(args.tickets))
    rows = [_ticket_rows(t, h) for t, h in data]
    ticket_sql = (
        "INSERT INTO tickets (id, queue, created, last_updated, requestors, time_worked, etag,"
        f" base, last_txn, {', '.join(SYNCED_FIELDS)})"
        f" VALUES ({', '.join('?' for _ in range(9 + len(SYNCED_FIELDS)))})"
    )
    history_sql = (
        "INSERT INTO history (id, ticket_id, type, created, creator, field, old_value,"
        " new_value, time_taken, body, body_type) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    )
    work = Path(args.workdir)
    result: dict[str, Any] = {
        "tickets": len(data),
        "history": sum(len(h) for _, h in data),
        "per_ticket_subset": args.per_ticket_commits,
    }

    def store_run(name: str, items: list[Any], per_ticket: bool) -> float:
        db = open_database(fresh(work / name))
        start = time.perf_counter()
        if per_ticket:  # as SyncEngine._pull_ticket does: one transaction per ticket
            for ticket, history in items:
                with transaction(db):
                    apply_remote_ticket(db, ticket)
                    apply_remote_history(db, ticket.id, history)
        else:
            with transaction(db):
                for ticket, history in items:
                    apply_remote_ticket(db, ticket)
                    apply_remote_history(db, ticket.id, history)
        elapsed = time.perf_counter() - start
        db.close()
        return elapsed

    def floor_run(name: str, items: list[Any], per_ticket: bool) -> float:
        open_database(fresh(work / name)).close()  # the same schema and indexes
        conn = durable_connection(work / name)
        start = time.perf_counter()
        if per_ticket:
            for trow, hrows in items:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(ticket_sql, trow)
                conn.executemany(history_sql, hrows)
                conn.execute("COMMIT")
        else:
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(ticket_sql, [t for t, _ in items])
            conn.executemany(history_sql, [h for _, hs in items for h in hs])
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed

    # Floor first, product second, then both again: the better of two each.
    floor = min(floor_run("tickets-floor.db", rows, False) for _ in range(2))
    store = min(store_run("tickets-store.db", data, False) for _ in range(2))
    subset = args.per_ticket_commits
    floor_each = floor_run("tickets-floor-each.db", rows[:subset], True)
    store_each = store_run("tickets-store-each.db", data[:subset], True)
    result.update(
        {
            "store_seconds": store,
            "floor_seconds": floor,
            "store_per_ticket_commit_seconds": store_each,
            "floor_per_ticket_commit_seconds": floor_each,
            "peak_rss_mb": peak_rss_mb(),
        }
    )
    return result


PHASES = {
    "corpus": phase_corpus,
    "ingest-store": phase_ingest_store,
    "ingest-floor": phase_ingest_floor,
    "ingest-triggers": phase_ingest_triggers,
    "search": phase_search,
    "tickets": phase_tickets,
}


# -- the driver ----------------------------------------------------------------------


def drive_ingest(common: list[str], work: Path, out: dict[str, Any]) -> list[dict[str, Any]]:
    print("Ingesting articles (floor, then product)...", flush=True)
    floor = run_phase(MODULE, "ingest-floor", *common, "--db", str(work / "kb-floor.db"))
    store = run_phase(MODULE, "ingest-store", *common, "--db", str(work / "kb-store.db"))
    triggers = run_phase(MODULE, "ingest-triggers", *common, "--db", str(work / "kb-triggers.db"))
    out["ingest"] = {"store": store, "floor": floor, "triggers_executemany": triggers}
    r = ratio(store["seconds"], floor["seconds"])
    return [
        metric(
            f"KB ingest {out['articles']} articles (s)",
            store["seconds"],
            floor["seconds"],
            f"<= {INGEST_TARGET}x floor",
            r <= INGEST_TARGET,
        ),
        metric("  of which plain_text() (s)", store["plain_text_seconds"], None, "", None),
        metric(
            "  product SQL+triggers via executemany (s)",
            triggers["seconds"],
            floor["seconds"],
            "",
            None,
        ),
        metric("KB ingest peak RSS (MB)", store["peak_rss_mb"], floor["peak_rss_mb"], "", None),
        metric(
            # Most of the peak is the input held in Python; sqlite3 also caches a
            # UTF-8 copy inside every non-ASCII str it binds (the floor's growth).
            "  RSS before ingest, input loaded (MB)",
            store["rss_data_mb"],
            floor["rss_data_mb"],
            "",
            None,
        ),
        metric("KB database size (MB)", store["db_mb"], floor["db_mb"], "", None),
    ]


def drive_search(
    common: list[str], work: Path, reps: int, out: dict[str, Any]
) -> list[dict[str, Any]]:
    print("Searching...", flush=True)
    db = str(work / "kb-store.db")
    found = run_phase(MODULE, "search", *common, "--db", db, "--reps", str(reps))
    out["search"] = found
    rows = []
    for label, group in (
        ("1-3 words", found["groups"]["words"]),
        ("prefix", found["groups"]["prefix"]),
        ("sentences", found["groups"]["sentences"]),
    ):
        for stat in ("p50_ms", "p95_ms"):
            value, floor_v = group["product"][stat], group["raw FTS5"][stat]
            ok: bool | None = None
            target = ""
            if stat == "p95_ms" and label == "1-3 words":
                ok = ratio(value, floor_v) <= SEARCH_TARGET and value <= SEARCH_ABS_TARGET_MS
                target = f"<= {SEARCH_TARGET}x floor, <= {SEARCH_ABS_TARGET_MS:.0f} ms"
            elif stat == "p95_ms" and label == "prefix":
                ok = value <= PREFIX_TARGET_MS
                target = f"<= {PREFIX_TARGET_MS:.0f} ms"
            rows.append(metric(f"search {label} {stat[:3]} (ms)", value, floor_v, target, ok))
    rows.append(metric("search peak RSS (MB)", found["peak_rss_mb"], None, "", None))
    return rows


def drive_tickets(
    common: list[str], tickets: int, subset: int, out: dict[str, Any]
) -> list[dict[str, Any]]:
    print("Ingesting tickets...", flush=True)
    t = run_phase(
        MODULE,
        "tickets",
        *common,
        "--tickets",
        str(tickets),
        "--per-ticket-commits",
        str(subset),
    )
    out["tickets_ingest"] = t
    r = ratio(t["store_seconds"], t["floor_seconds"])
    return [
        metric(
            f"ticket ingest {t['tickets']} tickets + {t['history']} txns, 1 txn (s)",
            t["store_seconds"],
            t["floor_seconds"],
            f"<= {INGEST_TARGET}x floor",
            r <= INGEST_TARGET,
        ),
        metric(
            f"ticket ingest {t['per_ticket_subset']} tickets, 1 commit each (s)",
            t["store_per_ticket_commit_seconds"],
            t["floor_per_ticket_commit_seconds"],
            "",
            None,
        ),
        metric("ticket ingest peak RSS (MB)", t["peak_rss_mb"], None, "", None),
    ]


def print_per_query(search: dict[str, Any]) -> None:
    print("\nPer query (p50 ms):")
    print_table(
        [[q, v["matches"], v["product"], v["raw FTS5"]] for q, v in search["per_query"].items()],
        ("query", "hits", "product", "raw FTS5 floor"),
    )
    if search["results_differ"]:
        print("Hits differ from the every-word floor for:", search["results_differ"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--per-ticket-commits", type=int, default=1_000)
    parser.add_argument("--reps", type=int, default=10, help="runs of each search query")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    parser.add_argument("--skip", nargs="*", default=[], choices=["ingest", "search", "tickets"])
    parser.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        emit(PHASES[args.phase](args))
        return

    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    corpus = str(work / f"articles-{args.articles}.db")
    common = ["--workdir", str(work), "--articles", str(args.articles), "--corpus", corpus]
    out: dict[str, Any] = {"articles": args.articles, "tickets": args.tickets}
    rows: list[dict[str, Any]] = []
    print(f"Articles: {args.articles}, tickets: {args.tickets}, work dir: {work}", flush=True)
    out["corpus"] = run_phase(MODULE, "corpus", *common)
    if "ingest" not in args.skip or not (work / "kb-store.db").exists():
        rows += drive_ingest(common, work, out)
    if "search" not in args.skip:
        rows += drive_search(common, work, args.reps, out)
    if "tickets" not in args.skip:
        rows += drive_tickets(common, args.tickets, args.per_ticket_commits, out)
    print()
    print_metrics(rows)
    if "search" in out:
        print_per_query(out["search"])
    out["table"] = rows
    path = write_json("kb_search", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
