"""Files from the helpdesk come down only when asked for, and never bigger than announced.

Anyone can e-mail a queue a huge file: the ticket's listing must not carry file
bytes, and a download stops the moment it passes what the helpdesk listed.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

import pytest
import requests

from devrt.instance import RunningRT
from sync import attachments, file_vault
from sync.connectors import rt_http
from sync.connectors.base import NewAttachment, NoteRequest
from sync.errors import DownloadTooLarge
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

BIG = 3 * 1024 * 1024


def count_reply_bytes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every reply body the HTTP layer reads from now on."""
    counted: list[int] = []
    real = rt_http.read_body

    def counting(response: requests.Response, deadline: float) -> bytes:
        body = real(response, deadline)
        counted.append(len(body))
        return body

    monkeypatch.setattr(rt_http, "read_body", counting)
    return counted


def no_temporary_files(*_args: object, **_kwargs: object) -> None:
    raise AssertionError("a download went through a temporary file")


def test_a_big_file_is_listed_not_fetched_and_stops_past_its_size(
    rt: RunningRT, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = Technician(rt, "alice", tmp_path)
    assert alice.sync().ok
    visit = next(v for v in ticket_store.list_visits(alice.db) if v.status in ("new", "open"))
    payload = os.urandom(BIG)
    name = f"scan-{uuid.uuid4().hex[:6]}.bin"
    connector(rt, "supervisor").add_note(
        NoteRequest(
            visit.id,
            str(uuid.uuid4()),
            "Customer's scan attached.",
            attachments=(NewAttachment(name, "application/octet-stream", payload),),
        )
    )

    received = count_reply_bytes(monkeypatch)
    assert alice.sync().ok  # the engine alone: no attachments folder, no file downloads

    assert sum(received) < BIG // 10, "the ticket's listing carried the file"
    (attachment_id, size) = alice.db.execute(
        "SELECT id, size FROM attachments WHERE filename = ?", [name]
    ).fetchone()
    assert size >= BIG

    # The helpdesk lists the file smaller than it is (or the listing lied): stopped.
    with transaction(alice.db):
        alice.db.execute("UPDATE attachments SET size = 100000 WHERE id = ?", [attachment_id])
    files = tmp_path / "files"
    with pytest.raises(DownloadTooLarge):
        attachments.fetch_attachment(alice.db, alice.connector, files, attachment_id)
    assert not files.exists() or not any(p.is_file() for p in files.rglob("*"))  # nothing kept
    path = alice.db.execute("SELECT path FROM attachments WHERE id = ?", [attachment_id])
    assert path.fetchone()[0] is None

    # Listed right, it comes down whole, and never through a temporary file: a disk-backed
    # /tmp keeps the freed blocks of a customer's file on a lost laptop.
    for maker in ("TemporaryFile", "NamedTemporaryFile", "SpooledTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, maker, no_temporary_files)
    with transaction(alice.db):
        alice.db.execute("UPDATE attachments SET size = ? WHERE id = ?", [size, attachment_id])
    kept = attachments.fetch_attachment(alice.db, alice.connector, files, attachment_id)
    assert file_vault.read_plain(kept) == payload
    alice.db.close()
