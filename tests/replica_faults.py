"""Ways a replica file gets hurt on a laptop, done to a real file for the tests.

- ``corrupt_table``: garbage over the leaf pages of one table (a bad sector, a
  half-written page after a power cut);
- ``filled_replica``: a replica with a few hundred visits and their history,
  so tables span many pages, plus unsent changes made through the real kinds.
"""

from __future__ import annotations

import json
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import sqlite_utils
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bench.corpus import generate_tickets
from sync.changes.fields import set_fields
from sync.changes.note import add_note
from sync.profile import Profile
from sync.profile_key import require_key
from sync.replica import open_replica
from sync.store import transaction
from sync.store.cipher import PAGE_FORMAT, connect_file
from sync.store.outbox import mark_in_flight, rows
from sync.store.settings import set_cursor, set_setting
from sync.store.tickets import apply_remote_history, apply_remote_ticket, list_visits

GARBAGE = b"\xde\xad\xbe\xef" * 1024
PAGE_SIZE = PAGE_FORMAT.size
RESERVE = 48  # per page: the IV (16 bytes) and the HMAC-SHA256 (32)


def leaf_pages(path: Path, table: str) -> list[int]:
    """The table's leaf pages, found by walking its b-tree in the decrypted file.

    SQLCipher's SQLite has no ``dbstat``; the pages are decrypted here as SQLCipher 4
    writes them with a raw key (AES-256-CBC, the IV in each page's reserved tail).
    """
    with closing(connect_file(path)) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
    key, data = require_key(path.parent), path.read_bytes()
    leaves: list[int] = []
    pending = [root]
    while pending:
        number = pending.pop(0)
        page = _decrypted_page(data, number, key)
        header = 100 if number == 1 else 0
        kind, cells = page[header], int.from_bytes(page[header + 3 : header + 5], "big")
        if kind == 0x0D:
            leaves.append(number)
        elif kind == 0x05:
            pointers = page[header + 12 : header + 12 + 2 * cells]
            for i in range(cells):
                cell = int.from_bytes(pointers[2 * i : 2 * i + 2], "big")
                pending.append(int.from_bytes(page[cell : cell + 4], "big"))
            pending.append(int.from_bytes(page[header + 8 : header + 12], "big"))
    return sorted(leaves)


def _decrypted_page(data: bytes, number: int, key: bytes) -> bytes:
    start = (number - 1) * PAGE_SIZE
    page = data[start : start + PAGE_SIZE]
    skip = 16 if number == 1 else 0  # page 1 begins with the salt, in the clear
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    body = decryptor.update(page[skip : PAGE_SIZE - RESERVE]) + decryptor.finalize()
    return bytes(skip) + body


def corrupt_table(path: Path, table: str, every: int = 3) -> int:
    """Overwrite every n-th leaf page of table (the file must be checkpointed); how many."""
    pages = leaf_pages(path, table)[::every]
    with open(path, "r+b") as handle:
        for page in pages:
            handle.seek((page - 1) * PAGE_SIZE + 8)  # keep the page header's first bytes
            handle.write(GARBAGE[: PAGE_SIZE - 8])
    return len(pages)


def checkpoint(path: Path) -> None:
    """Fold the -wal into the file, as the last connection's close does."""
    with closing(connect_file(path)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def add_bulk_visits(db: sqlite_utils.Database, count: int = 300, first_id: int = 5000) -> None:
    """count visits with a dozen history entries each: tables that span many pages."""
    with transaction(db):
        for ticket, history in generate_tickets(count, 12, 7):
            moved = replace(ticket, id=first_id + ticket.id)
            apply_remote_ticket(db, moved)
            apply_remote_history(
                db, moved.id, [replace(t, id=t.id + first_id * 100) for t in history]
            )


ACCOUNT = {"url": "http://127.0.0.1:9", "user": "alice", "auth": "token"}


def sign_in_offline(profile: Profile) -> Profile:
    """The profile as sign-in leaves it (a helpdesk nobody answers at: no sync here)."""
    (profile.root / "account.json").write_text(json.dumps(ACCOUNT))
    return profile


def fill(profile: Profile, notes: int = 3) -> list[tuple[str, str]]:
    """300 visits with unsent work: notes, a status change, the first note in flight.

    Returns the outbox as (uuid, state); the file is checkpointed (no -wal).
    """
    db = open_replica(profile)
    try:
        add_bulk_visits(db)
        set_setting(db, "user", "alice")
        set_setting(db, "timezone", "Europe/Oslo")
        with transaction(db):
            set_cursor(db, "tickets", "2026-01-01T00:00:00Z")
        visit = list_visits(db)[10].id
        for i in range(notes):
            add_note(db, visit + i, f"Replaced the fuser, pass {i}.", author="alice", minutes=5)
        set_fields(db, visit, {"status": "resolved"})
        mark_in_flight(db, rows(db)[0])  # sent, reply lost: must be looked up first
        return [(r.uuid, r.state) for r in rows(db)]
    finally:
        db.close()
        checkpoint(profile.database_path)
