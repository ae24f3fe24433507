"""A field change whose sending may have landed is not offered as "never sent".

A review of the day's diff: field changes are not marked in flight, so one whose PUT
reached RT but whose answer was lost still counted as never sent, and the Outbox offered
to take it back while RT kept the value.  A change whose sending failed on the helpdesk's
own answer (nothing can have landed) stays correctable, as does one waiting for its ticket
to be created (``engine._send``).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

import sync.engine
from sync import outbox
from sync.engine import SyncEngine
from sync.errors import RetryableError, SyncError
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket


class LostReply(HelpdeskDouble):
    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        self.updates.append(changes)  # RT applied it...
        raise RetryableError("read timed out")  # ...and its answer never came


class Unreachable(HelpdeskDouble):
    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, Any]) -> None:
        raise RetryableError("connection refused", definite=True)  # never left the laptop


def one_change_sent_to(
    tmp_path: Path, helpdesk: HelpdeskDouble, monkeypatch: pytest.MonkeyPatch
) -> outbox.OutboxRow:
    db = open_database(tmp_path / "fielddesk.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    outbox.set_fields(db, 7, {"parts_used": "fuser"})
    monkeypatch.setattr(sync.engine, "backoff_delay", lambda *_a, **_k: 0.0)
    engine = SyncEngine(db, helpdesk, pullers=[])
    with contextlib.suppress(SyncError):
        engine.run()
    (row,) = outbox.rows(db)
    return row


def test_a_change_whose_answer_was_lost_may_not_be_taken_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    helpdesk = LostReply()
    row = one_change_sent_to(tmp_path, helpdesk, monkeypatch)
    assert helpdesk.updates, "it is on the helpdesk"
    assert not outbox.unsent(row)
    assert not outbox.can_discard(row) and not outbox.can_edit(row)


def test_a_change_that_never_left_can_still_be_corrected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = one_change_sent_to(tmp_path, Unreachable(), monkeypatch)
    assert outbox.unsent(row) and outbox.can_discard(row)
