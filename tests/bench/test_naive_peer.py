"""The benchmarks' naive python-rt peer mirrors what FieldDesk mirrors, so that
bench.sync_vs_peer compares the same work: alice's tickets, their history with every
message's text, their files (listed) and linked assets; then only what changed.

The peer runs as the benchmark runs it: python-rt 3.8.1 installed from the package
registry into the benchmarks' own venv (bench/.peer-venv).  If the registry cannot be
reached the test fails and says so: the benchmark could not run either.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.naive_peer import run_peer
from devrt.instance import RunningRT
from sync.connectors.base import NoteRequest
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import Technician, connector

pytestmark = [pytest.mark.rt, pytest.mark.slow]


@pytest.fixture(scope="module")
def proxy(rt: RunningRT) -> Iterator[FaultProxy]:
    """The benchmark's counting pass-through proxy (no faults)."""
    with FaultProxy(rt.url) as counting:
        yield counting


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("peer") / "mirror.db"


@pytest.fixture(scope="module")
def first_run(rt: RunningRT, proxy: FaultProxy, mirror: Path) -> dict[str, Any]:
    return run_peer(proxy.url, rt.token("alice"), "alice", mirror)


@pytest.fixture(scope="module")
def laptop(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    alice = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    assert alice.sync().ok
    return alice


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(sql).fetchall()


def test_the_peer_holds_the_tickets_fielddesk_holds(
    first_run: dict[str, Any], laptop: Technician, mirror: Path
) -> None:
    ours = laptop.db.execute("SELECT id, subject, status FROM tickets ORDER BY id").fetchall()
    assert len(ours) > 5
    assert first_run["fetched"] == len(ours)
    assert rows(mirror, "SELECT id, subject, status FROM tickets ORDER BY id") == ours


def test_the_peer_holds_every_message_text_and_file_fielddesk_holds(
    first_run: dict[str, Any], laptop: Technician, mirror: Path
) -> None:
    messages = laptop.db.execute(
        "SELECT id, body FROM history WHERE body IS NOT NULL AND body_type = 'text/plain'"
    ).fetchall()
    assert len(messages) > 10
    texts: dict[int, list[str]] = {}
    for txn, content in rows(mirror, "SELECT transaction_id, content FROM attachments"):
        if content is not None:
            texts.setdefault(txn, []).append(content.decode("utf-8"))
    for txn, body in messages:
        assert body in texts.get(txn, []), f"transaction {txn}: its text is not in the mirror"
    files = laptop.db.execute(
        "SELECT id, filename FROM attachments WHERE filename != '' ORDER BY id"
    ).fetchall()
    assert files
    assert rows(
        mirror, "SELECT id, filename FROM attachments WHERE filename IS NOT NULL ORDER BY id"
    ) == [tuple(f) for f in files]


def test_the_peer_holds_the_assets_each_ticket_refers_to(
    first_run: dict[str, Any], laptop: Technician, mirror: Path
) -> None:
    links = laptop.db.execute("SELECT ticket_id, asset_id FROM ticket_assets ORDER BY 1, 2")
    ours = [tuple(link) for link in links.fetchall()]
    assert ours
    assert rows(mirror, "SELECT ticket_id, id FROM assets ORDER BY 1, 2") == ours


def test_an_idle_run_is_one_listing_and_a_changed_ticket_alone_comes_again(
    rt: RunningRT, proxy: FaultProxy, first_run: dict[str, Any], mirror: Path
) -> None:
    before = len(proxy.seen())
    idle = run_peer(proxy.url, rt.token("alice"), "alice", mirror)
    assert (idle["fetched"], len(proxy.seen()) - before) == (0, 1)

    ticket = min(row[0] for row in rows(mirror, "SELECT id FROM tickets"))
    text = f"Peer test: parts arrived ({uuid.uuid4()})."
    connector(rt, "supervisor").add_note(NoteRequest(ticket, str(uuid.uuid4()), text))
    changed = run_peer(proxy.url, rt.token("alice"), "alice", mirror)
    assert (changed["listed"], changed["fetched"]) == (1, 1)
    held = [c.decode() for (c,) in rows(mirror, "SELECT content FROM attachments") if c]
    assert text in held
