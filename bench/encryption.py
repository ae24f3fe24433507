"""The encrypted replica against the same replica unencrypted, in one run (issue 15: ≤ 1.3×).

    .venv/bin/python -m bench.encryption                          # every measurement
    .venv/bin/python -m bench.encryption --only search,cold_start --articles 20000

Each measurement builds the same data into two replicas -- **encrypted** (the
product: SQLCipher 4, raw key from the keyring) and **plaintext** (the same code
with ``sync.store.cipher.BENCHMARK_PLAINTEXT_BASELINE``, i.e. FieldDesk before
encryption) -- and times them interleaved, so load on the shared machine hits
both alike.  The operations are those of the other benchmarks, reused:

- open_visit: ``VisitDetail.show_visit`` over bench.open_visit's large replica;
- note_save: ``outbox.add_note`` (durable) on bench.note_save's lived-in replica;
- search: ``kb.search`` at ``--articles`` articles (bench.corpus), bench.kb_search's
  queries; the ingest of those articles (the KB part of a first sync) too;
- filter: typing in the visit filter of the real window over ``--visits`` visits
  (bench.gui_filter, product only, keystroke p50);
- cold_start: ``fielddesk visits`` in a fresh process (bench.cli_cold_start's
  replica), the encrypted one reading its key from a real Secret Service
  (gnome-keyring on a private D-Bus, as on a laptop);
- window_start: the window (``fielddesk gui``, offscreen, not signed in) from spawn to its
  painted visit list, bench.gui_startup's probe, over the same two replicas;
- initial_sync: a full first sync of the sample helpdesk from a private RT
  (bench.sync_requests' instance directory, reset first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring

from bench._common import REPO, summary_ms, write_json
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.store import cipher

TARGET_RATIO = 1.3
STORES = ("encrypted", "plaintext")


@contextmanager
def store(kind: str) -> Iterator[None]:
    """Replicas opened inside are encrypted (the product) or plaintext (the baseline)."""
    cipher.BENCHMARK_PLAINTEXT_BASELINE = kind == "plaintext"
    try:
        yield
    finally:
        cipher.BENCHMARK_PLAINTEXT_BASELINE = False


def interleaved(
    runs: dict[str, Callable[[], None]], reps: int, warm: int = 3
) -> dict[str, dict[str, float]]:
    """Time each callable reps times, alternating who goes first."""
    samples: dict[str, list[float]] = {k: [] for k in runs}
    names = list(runs)
    for rep in range(reps + warm):
        for name in names if rep % 2 == 0 else list(reversed(names)):
            with store(name):
                start = time.perf_counter()
                runs[name]()
                elapsed = time.perf_counter() - start
            if rep >= warm:
                samples[name].append(elapsed)
    return {k: summary_ms(v) for k, v in samples.items()}


def built(work: Path, name: str, build: Callable[[Path], None]) -> dict[str, Path]:
    """The same data built into an encrypted and a plaintext replica.

    Built again at every run: the encrypted one's key lived in the last run's
    in-memory keyring.
    """
    paths = {}
    for kind in STORES:
        path = work / f"{name}-{kind}" / "fielddesk.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        with store(kind):
            build(path)
        paths[kind] = path
    return paths


# -- measurements ---------------------------------------------------------------------


def open_visit(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from bench.open_visit import build_large  # noqa: PLC0415
    from desktop.common.messages import MessageBridge  # noqa: PLC0415
    from desktop.visit import VisitDetail  # noqa: PLC0415
    from sync.store import open_database  # noqa: PLC0415
    from sync.store.tickets import list_visits  # noqa: PLC0415

    QApplication.instance() or QApplication([])
    paths = built(work, "open-visit", lambda p: build_large(p, 1000, 40))
    panels, ids = {}, []
    for kind, path in paths.items():
        with store(kind):
            db = open_database(path)
            panels[kind] = VisitDetail(db, Profile(path.parent), MessageBridge())
            panels[kind].resize(700, 740)
            panels[kind].show()
            ids = [v.id for v in list_visits(db)][:100]
    position = {"i": 0}

    def show(kind: str) -> Callable[[], None]:
        def run() -> None:
            panels[kind].show_visit(ids[position["i"] % len(ids)])
            QApplication.processEvents()

        return run

    samples: dict[str, list[float]] = {k: [] for k in STORES}
    for i in range(len(ids) * args.rounds):
        position["i"] = i
        for kind, stats in interleaved({k: show(k) for k in STORES}, 1, warm=0).items():
            samples[kind].append(stats["p50_ms"] / 1000)
    for panel in panels.values():
        panel.shutdown()
    return {k: summary_ms(v) for k, v in samples.items()}


def note_save(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from bench.note_save import NOTE, TICKET, make_replica  # noqa: PLC0415
    from sync import outbox  # noqa: PLC0415
    from sync.store import open_database  # noqa: PLC0415

    paths = built(
        work,
        "note-save",
        lambda p: make_replica(p, tickets=2000, history=20000, done_outbox=20000),
    )
    dbs = {}
    for kind, path in paths.items():
        with store(kind):
            dbs[kind] = open_database(path)
    saves = {
        k: (lambda db=db: outbox.add_note(db, TICKET, NOTE, author="alice", minutes=5))
        for k, db in dbs.items()
    }
    result: dict[str, Any] = interleaved(saves, args.notes)
    # The same saves without the fsync: what the encryption adds in CPU, which the
    # fsync's cost (the disk's, and the machine's load) otherwise hides or exposes.
    for db in dbs.values():
        db.execute("PRAGMA synchronous = OFF")
    result["without_fsync"] = interleaved(saves, args.notes)
    for db in dbs.values():
        db.close()
    return result


def search(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import article_corpus, load_articles  # noqa: PLC0415
    from bench.kb_search import PREFIX_QUERIES, SENTENCE_QUERIES, WORD_QUERIES  # noqa: PLC0415
    from sync.store import open_database, transaction  # noqa: PLC0415
    from sync.store.kb import apply_remote_articles  # noqa: PLC0415
    from sync.store.kb import search as kb_search  # noqa: PLC0415

    corpus = article_corpus(work / f"articles-{args.articles}.jsonl", args.articles)
    ingest: dict[str, float] = {}

    def build(path: Path) -> None:
        articles = [row.remote() for row in load_articles(corpus)]
        db = open_database(path)
        start = time.perf_counter()
        with transaction(db):
            apply_remote_articles(db, articles)
        ingest["encrypted" if not cipher.BENCHMARK_PLAINTEXT_BASELINE else "plaintext"] = (
            time.perf_counter() - start
        )
        db.close()

    paths = built(work, f"kb-{args.articles}", build)
    dbs = {}
    for kind, path in paths.items():
        with store(kind):
            dbs[kind] = open_database(path)
    queries = [*WORD_QUERIES, *PREFIX_QUERIES, *SENTENCE_QUERIES]
    samples: dict[str, list[float]] = {k: [] for k in STORES}
    for text in queries * args.reps:
        for kind, stats in interleaved(
            {k: (lambda db=db, text=text: kb_search(db, text, 50)) for k, db in dbs.items()},
            1,
            warm=1,
        ).items():
            samples[kind].append(stats["p50_ms"] / 1000)
    for db in dbs.values():
        db.close()
    out: dict[str, Any] = {k: summary_ms(v) for k, v in samples.items()}
    out["ingest_s"] = ingest
    return out


def filter_visits(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from bench.gui_filter import QUERIES, build_replica  # noqa: PLC0415
    from bench.gui_filter import run as type_queries  # noqa: PLC0415

    for kind in STORES:  # built again: the encrypted one's key lived in the last run
        shutil.rmtree(work / kind, ignore_errors=True)
    out = {}
    for kind in (*STORES, *reversed(STORES)):  # each twice, in both orders
        with store(kind):
            profile = build_replica(work / kind, args.visits)
            samples = type_queries(profile, 1, QUERIES)["product"]["type"]
        out.setdefault(kind, []).extend(samples)
    return {k: summary_ms(v) for k, v in out.items()}


@contextmanager
def cold_replicas(
    work: Path, args: argparse.Namespace
) -> Iterator[tuple[dict[str, Profile], dict[str, str]]]:
    """The same replica of ``--cold-visits`` visits encrypted and in plaintext, with the
    environment under which a child process finds the encrypted one's key in a real
    Secret Service (gnome-keyring on a private D-Bus), as on a laptop."""
    from bench.cli_cold_start import replica  # noqa: PLC0415
    from tests.secret_service import in_this_process, secret_service  # noqa: PLC0415

    with secret_service(work / "session") as session, in_this_process(session):
        profiles = {}
        for kind in STORES:
            with store(kind):
                root = work / f"cold-{kind}-{args.cold_visits}"
                if root.exists():  # its key lived in the last run's keyring
                    shutil.rmtree(root)
                profiles[kind] = replica(root, args.cold_visits)
        yield profiles, session


def cold_start(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from bench.cli_cold_start import environment, run_once  # noqa: PLC0415

    child = (
        "import sys, sync.store.cipher as c; c.BENCHMARK_PLAINTEXT_BASELINE = {plain}; "
        "from cli.__main__ import main; sys.exit(main(sys.argv[1:]))"
    )
    with cold_replicas(work, args) as (profiles, session):
        env = {**environment(REPO, work), **session}
        env.pop("PYTHON_KEYRING_BACKEND", None)  # the children use the Secret Service
        commands = {
            kind: [
                sys.executable,
                "-c",
                child.format(plain=kind == "plaintext"),
                "--profile",
                str(profiles[kind].root),
                "visits",
            ]
            for kind in STORES
        }
        samples: dict[str, list[float]] = {k: [] for k in STORES}
        for command in commands.values():
            run_once(command, env, REPO)  # bytecode written, file in the page cache
        for i in range(args.cold_runs):
            for kind in STORES if i % 2 == 0 else tuple(reversed(STORES)):
                samples[kind].append(run_once(commands[kind], env, REPO)[0])
    return {k: summary_ms(v) for k, v in samples.items()}


def window_start(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The window's cold start to a painted visit list (bench.gui_startup's probe)."""
    from bench.gui_startup import environment, start_once  # noqa: PLC0415

    prelude = "import sync.store.cipher as _c; _c.BENCHMARK_PLAINTEXT_BASELINE = {plain}\n"
    with cold_replicas(work, args) as (profiles, session):
        env = {**environment("offscreen"), **session}
        env.pop("PYTHON_KEYRING_BACKEND", None)  # the children use the Secret Service
        preludes = {kind: prelude.format(plain=kind == "plaintext") for kind in STORES}
        samples: dict[str, list[float]] = {k: [] for k in STORES}
        for kind in STORES:
            start_once("product", profiles[kind], env, prelude=preludes[kind])  # warm
        for i in range(args.cold_runs):
            for kind in STORES if i % 2 == 0 else tuple(reversed(STORES)):
                marks = start_once("product", profiles[kind], env, prelude=preludes[kind])
                samples[kind].append(marks["idle"])
    return {k: summary_ms(v) for k, v in samples.items()}


def initial_sync(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    from bench.sync_requests import Bench, with_server  # noqa: PLC0415

    samples: dict[str, list[float]] = {k: [] for k in STORES}

    def body(_instance: Any, running: Any) -> None:
        bench = Bench(running, work)
        for i in range(args.syncs + 1):
            for kind in STORES if i % 2 == 0 else tuple(reversed(STORES)):
                with store(kind):
                    db = bench.replica(f"initial-{kind}")
                    seconds = bench.sync(db)["seconds"]
                    db.close()
                if i:  # the first round warms RT's caches
                    samples[kind].append(seconds)

    with_server(Path(args.rt_dir), False, body)
    return {k: summary_ms(v) for k, v in samples.items()}


MEASUREMENTS: dict[str, tuple[str, Callable[[Path, argparse.Namespace], dict[str, Any]]]] = {
    "open_visit": ("open a visit (1000 visits x 40 entries), per visit", open_visit),
    "note_save": ("save a note, durable (lived-in replica)", note_save),
    "search": ("KB search, per query", search),
    "filter": ("filter the visit list, per keystroke", filter_visits),
    "cold_start": ("fielddesk visits, cold start", cold_start),
    "window_start": ("the window's cold start to a painted list", window_start),
    "initial_sync": ("initial sync of the sample helpdesk", initial_sync),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(MEASUREMENTS), help="comma-separated")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--cold-visits", type=int, default=510)
    parser.add_argument("--cold-runs", type=int, default=21)
    parser.add_argument("--notes", type=int, default=300)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--syncs", type=int, default=3)
    parser.add_argument(
        "--rt-dir", default=str(Path(tempfile.gettempdir()) / "bench-rt-encryption")
    )
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "fielddesk-bench"))
    parser.add_argument("--json", help="where to write results (default bench/results/)")
    args = parser.parse_args()
    work = Path(args.workdir) / "encryption"
    work.mkdir(parents=True, exist_ok=True)
    keyring.set_keyring(MemoryKeyring())  # in-process replicas; cold_start uses a real one
    results: dict[str, Any] = {}
    for name in args.only.split(","):
        label, measure = MEASUREMENTS[name]
        print(f"{label} ...", flush=True)
        results[name] = measure(work, args)
        enc, plain = results[name]["encrypted"], results[name]["plaintext"]
        ratio = enc["p50_ms"] / plain["p50_ms"]
        results[name]["ratio_p50"] = ratio
        verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"  {label}: encrypted p50 {enc['p50_ms']:.2f} ms (p95 {enc['p95_ms']:.2f}), "
            f"plaintext p50 {plain['p50_ms']:.2f} ms (p95 {plain['p95_ms']:.2f}): "
            f"{ratio:.2f}x [{verdict}, target <= {TARGET_RATIO}x]",
            flush=True,
        )
        if "without_fsync" in results[name]:
            bare = results[name]["without_fsync"]
            added = bare["encrypted"]["p50_ms"] - bare["plaintext"]["p50_ms"]
            print(f"    without the fsync: encryption adds {added:.3f} ms p50 (info)", flush=True)
    print(f"\nResults: {write_json('encryption', results, Path(args.json) if args.json else None)}")
    sys.stdout.flush()
    os._exit(0)  # as bench.open_visit: skip Qt's finalisation


if __name__ == "__main__":
    main()
