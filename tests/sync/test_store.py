"""The local replica: schema upgrades, atomic actions, search that never fails."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.changes import note as note_change
from sync.connectors.base import RemoteArticle, RemoteTicket
from sync.store import StoreError, kb, open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.cipher import connect_file
from sync.store.database import _apply, schema_version
from sync.store.schema import MIGRATIONS, SCHEMA_VERSION


def remote_ticket(ticket_id: int = 7, **fields: str | None) -> RemoteTicket:
    values: dict[str, str | None] = {
        "subject": "Printer jams",
        "status": "open",
        "priority": "50",
        "owner": "alice",
        "due": None,
        "site": "Acme",
        "address": None,
        "contact": None,
        "visit_start": "2026-11-23T09:00:00Z",
        "visit_end": None,
        "parts_used": None,
    }
    values.update(fields)
    return RemoteTicket(
        id=ticket_id,
        etag="100",
        last_updated="2026-11-23T08:00:00Z",
        created="2026-11-20T08:00:00Z",
        queue="3",
        fields=values,
        requestors=[],
        time_worked=30,
    )


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket())
    yield database
    database.close()


@pytest.mark.parametrize("old_version", range(SCHEMA_VERSION))
def test_upgrade_from_every_older_schema_keeps_the_data(tmp_path: Path, old_version: int) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(connection)
    for script in MIGRATIONS[:old_version]:
        _apply(old, script)
    connection.execute(f"PRAGMA user_version = {old_version}")
    if old_version >= 1:
        with transaction(old):
            ticket_store.apply_remote_ticket(old, remote_ticket())
            outbox.set_fields(old, 7, {"status": "resolved"})
    connection.close()

    upgraded = open_database(path)
    assert schema_version(upgraded) == SCHEMA_VERSION
    if old_version >= 1:
        visit = ticket_store.get_visit(upgraded, 7)
        assert visit is not None and visit.status == "resolved" and visit.pending_changes == 1
    # Features of the newest schema work on the upgraded file.
    with transaction(upgraded):
        kb.apply_remote_articles(upgraded, [RemoteArticle(1, "Wi-Fi roaming", "", "x", "t", False)])
    assert [h.id for h in kb.search(upgraded, "roaming")] == [1]


def test_a_database_from_a_newer_fieldesk_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    open_database(path).close()
    connection = connect_file(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(StoreError, match="newer FieldDesk"):
        open_database(path)


def test_a_corrupt_database_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="is damaged: it is not a FieldDesk database"):
        open_database(path)


def test_saves_are_durable_wal_and_full_sync(db: sqlite_utils.Database) -> None:
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_a_note_and_its_outbox_row_are_one_transaction(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(note_change, "enqueue", explode)
    with pytest.raises(RuntimeError):
        outbox.add_note(db, 7, "never half-saved", author="alice")
    assert not [e for e in ticket_store.history(db, 7) if e.body == "never half-saved"]


def test_note_is_visible_at_once_with_its_time(db: sqlite_utils.Database) -> None:
    outbox.add_note(db, 7, "Cleaned the rollers", author="alice", minutes=15)
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None
    assert visit.time_worked == 45 and visit.pending_changes == 1
    assert ticket_store.history(db, 7)[-1].body == "Cleaned the rollers"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "done-ish", "status must be one of"),
        ("priority", "high", "whole number"),
        ("visit_start", "next tuesday", "not a date"),
        ("subject", "   ", "cannot be empty"),
        ("colour", "red", "unknown field"),
    ],
)
def test_bad_values_are_refused_before_they_reach_rt(
    db, field: str, value: str, message: str
) -> None:
    with pytest.raises(outbox.InvalidChange, match=message):
        outbox.set_fields(db, 7, {field: value})
    assert outbox.open_count(db) == 0


def test_pull_keeps_unsent_local_edits_and_their_base(db: sqlite_utils.Database) -> None:
    outbox.set_fields(db, 7, {"status": "resolved"})
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(status="stalled", subject="Printer jams!")
        )
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None and visit.status == "resolved" and visit.subject == "Printer jams!"
    base, etag = ticket_store.base_values(db, 7)
    assert base["status"] == "open" and etag == "100"  # the merge base is kept


def test_discarding_a_status_change_restores_the_server_value(db: sqlite_utils.Database) -> None:
    outbox.set_fields(db, 7, {"status": "resolved"})
    [row] = outbox.rows(db)
    outbox.discard(db, row.seq)
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None and visit.status == "open" and visit.pending_changes == 0


@pytest.mark.parametrize(
    "typed", ['"unbalanced', "AND OR NOT", "NEAR(", "*", "printer -", "a:b", "'; DROP TABLE", ""]
)
def test_kb_search_takes_any_text_without_failing(db: sqlite_utils.Database, typed: str) -> None:
    with transaction(db):
        kb.apply_remote_articles(db, [RemoteArticle(1, "Printer driver", "", "x", "t", False)])
    assert isinstance(kb.search(db, typed), list)


def test_kb_search_ranks_titles_folds_accents_and_matches_prefixes(
    db: sqlite_utils.Database,
) -> None:
    articles = [
        RemoteArticle(
            1, "Café Lumière POS pairing", "Pair the card reader", "<p>Bluetooth</p>", "t", False
        ),
        RemoteArticle(
            2, "Network closet", "Switch ports", "The café printer sits here", "t", False
        ),
        RemoteArticle(3, "Old article", "", "retired", "t", True),
    ]
    with transaction(db):
        kb.apply_remote_articles(db, articles)
    assert [h.id for h in kb.search(db, "cafe")] == [1, 2]  # title match first, accent folded
    assert [h.id for h in kb.search(db, "lumi")] == [1]  # prefix while typing
    assert kb.search(db, "retired") == []  # disabled articles leave the laptop
    assert kb.search(db, "bluetooth")[0].snippet == "[Bluetooth]"  # HTML not indexed


def test_the_visit_list_counts_unsent_time_through_the_unsent_notes_index(
    db: sqlite_utils.Database,
) -> None:
    """Not through the primary key: that visits every unsent note once per visit."""
    plan = [row[3] for row in db.execute("EXPLAIN QUERY PLAN " + ticket_store.LIST_VISITS_SQL)]
    assert any("h USING INDEX history_unsent" in step for step in plan), plan
