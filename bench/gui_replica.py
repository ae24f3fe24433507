"""Replicas for the GUI benchmarks: a real sync of the private RT, plus bulk visits and KB.

- ``rt_server``: a private RT 5 (devrt) in its own directory, reset to the
  sample data, stopped at the end unless it was already running.
- ``synced_profile``: a new profile signed in as alice (token) and filled by
  one real ``Session.sync`` -- what the technician has after the first sync.
  Its token and its replica's key go to the keyring this process uses: the
  benchmark runs it inside a private Secret Service (``tests/secret_service.py``)
  that its children read too, as FieldDesk on a laptop reads the desktop's.
- ``add_visits`` / ``add_articles``: thousands of synthetic visits (spread
  over a year around today, so the list has hundreds of day headings) and
  KB articles, written through the store (``apply_remote_ticket``,
  ``apply_remote_articles``) as a sync would write them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import sqlite_utils

from devrt.instance import RTInstance, RunningRT
from sync.profile import Profile
from sync.profile_key import SERVICE, key_entry, load_key
from sync.store import open_database, transaction
from sync.store.kb import apply_remote_articles
from sync.store.tickets import apply_remote_ticket

FIRST_BULK_ID = 1_000_000  # far above the sample tickets' ids
UNREACHABLE_URL = "http://127.0.0.1:9"  # the discard port: nothing listens, connect fails at once


@contextmanager
def rt_server(directory: Path, keep: bool = False) -> Iterator[tuple[RTInstance, RunningRT]]:
    """A private RT with the sample data (reset, whatever ran before)."""
    instance = RTInstance(directory, log=lambda line: print("  devrt:", line, flush=True))
    was_running = instance.status() is not None
    instance.up()
    try:
        yield instance, instance.reset()
    finally:
        if not (keep or was_running):
            instance.down()


def synced_profile(rt: RunningRT, root: Path, user: str = "alice") -> Profile:
    """A new profile signed in as user and filled by one real sync."""
    from sync.session import Session, sign_in  # noqa: PLC0415 - the HTTP stack, only here

    shutil.rmtree(root, ignore_errors=True)
    profile = Profile(root).ensure()
    sign_in(profile, rt.url, user, rt.token(user), "token")
    session = Session(profile)
    try:
        report = session.sync()
    finally:
        session.close()
    if not report.ok:
        raise SystemExit(f"the replica's first sync failed: {report.error}")
    return profile


def copy_profile(source: Profile, root: Path, url: str | None = None) -> Profile:
    """A copy of a profile (its replica's key stored for the copy too); with url, its
    account points at another server."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source.root, root, ignore=shutil.ignore_patterns("logs", "sync.lock"))
    profile = Profile(root).ensure()
    key = keyring.get_password(SERVICE, key_entry(source.root))
    if key is not None:
        keyring.set_password(SERVICE, key_entry(root), key)
    if url is not None:
        from sync import secrets  # noqa: PLC0415 - keyring, as sign-in stores the token

        account_file = root / "account.json"
        account = json.loads(account_file.read_text())  # every key kept (the replica's mark)
        account_file.write_text(json.dumps({**account, "url": url}))
        token = secrets.load_secret(account["url"], account["user"])
        if token is not None:  # still signed in, at the other server
            secrets.store_secret(url, account["user"], token)
    return profile


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_visits(db: sqlite_utils.Database, count: int, seed: int = 5) -> None:
    """count synthetic visits: a year of past visits, some ahead, 5 % unscheduled."""
    from bench.corpus import generate_tickets  # noqa: PLC0415

    today = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    with transaction(db):
        for i, (ticket, _history) in enumerate(generate_tickets(count, 0, seed)):
            day = today + timedelta(days=(i * 37) % 400 - 330)
            start = day + timedelta(hours=8 + i % 9, minutes=15 * (i % 4))
            fields = dict(ticket.fields)
            unscheduled = i % 20 == 0
            fields["visit_start"] = None if unscheduled else _iso(start)
            fields["visit_end"] = None if unscheduled else _iso(start + timedelta(hours=2))
            fields["due"] = _iso(start + timedelta(hours=4))
            apply_remote_ticket(db, replace(ticket, id=FIRST_BULK_ID + i, fields=fields))


def add_articles(db: sqlite_utils.Database, count: int, corpus_dir: Path) -> None:
    """count KB articles of ~3 KB (bench/corpus.py, generated once and kept in corpus_dir)."""
    from bench.corpus import article_corpus, load_articles  # noqa: PLC0415

    corpus = article_corpus(corpus_dir / f"articles-{count}.db", count)
    articles = [a.remote() for a in load_articles(corpus)]
    with transaction(db):
        apply_remote_articles(db, articles)


def counts(path: Path, *, encrypted: bool = False) -> dict[str, int]:
    """Visits and articles in a replica (``encrypted``: a profile's, opened with its key)."""
    from sync.store.database import open_connection  # noqa: PLC0415

    conn = open_connection(path) if encrypted else sqlite3.connect(path)
    try:
        return {
            "visits": conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0],
            "articles": conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
        }
    finally:
        conn.close()


def big_profile(
    source: Profile, root: Path, visits: int, articles: int, corpus_dir: Path
) -> Profile:
    """source plus bulk visits and articles, built once and reused while the sizes match."""
    done_mark = root / "bench-sizes.json"
    wanted = {"visits": visits, "articles": articles}
    if (
        done_mark.exists()
        and json.loads(done_mark.read_text()) == wanted
        and load_key(root) is not None  # its key is in this run's keyring
    ):
        return Profile(root)
    profile = copy_profile(source, root, url=UNREACHABLE_URL)
    db = open_database(profile.database_path)
    try:
        print(f"  adding {visits} visits...", flush=True)
        add_visits(db, visits)
        print(f"  adding {articles} KB articles (once; slow)...", flush=True)
        add_articles(db, articles, corpus_dir)
    finally:
        db.close()
    done_mark.write_text(json.dumps(wanted))
    return profile
