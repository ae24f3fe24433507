"""Which status step on the helpdesk counts as this laptop's own: RT reopening the visit
right after a note the laptop delivered.  Over a double of the ticket's history; the
whole sync against the real RT: tests/integration/test_reply_then_status_on_new_visit.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.changes.fields import _after_our_reopening
from sync.changes.kind import PushContext
from sync.connectors.base import RemoteTransaction
from sync.store import open_database, transaction

TICKET, VERSION, OUR_REPLY = 7, 100, 104
BASE = {"status": "new", "owner": "bob"}


class History:
    def __init__(self, *rows: RemoteTransaction) -> None:
        self.rows = list(rows)
        self.asked: list[int] = []

    def fetch_history(self, ticket_id: int, after_txn: int) -> list[RemoteTransaction]:
        self.asked.append(after_txn)
        return [row for row in self.rows if row.id > after_txn]


def txn(txn_id: int, kind: str, creator: str, old: str = "", new: str = "") -> RemoteTransaction:
    field = "Status" if kind == "Status" else None
    return RemoteTransaction(
        txn_id, TICKET, kind, "2026-01-05T10:00:00Z", creator, field, old or None, new or None
    )


def rebased(tmp_path: Path, *rows: RemoteTransaction) -> str | None:
    """The status the merge takes as the user's base, given the history since VERSION."""
    db = open_database(tmp_path / "fd.db")
    with transaction(db):  # the reply this laptop delivered
        db.execute(
            "INSERT INTO history (id, ticket_id, client_uuid, type, created, creator)"
            " VALUES (?, ?, 'our-reply', 'Correspond', '2026-01-05T10:00:00Z', 'bob')",
            [OUR_REPLY, TICKET],
        )
    ctx = PushContext(db, History(*rows))  # type: ignore[arg-type]
    return _after_our_reopening(ctx, TICKET, str(VERSION), dict(BASE)).get("status")


REPLY = txn(OUR_REPLY, "Correspond", "bob")


@pytest.mark.parametrize("author", ["RT_System", "bob"])
def test_rt_opening_the_visit_right_after_our_reply_is_ours(tmp_path: Path, author: str) -> None:
    assert rebased(tmp_path, REPLY, txn(106, "Status", author, "new", "open")) == "open"


@pytest.mark.parametrize(
    "rows",
    [
        # The supervisor opened it by hand just after our reply (an RT with no such scrip).
        (REPLY, txn(106, "Status", "supervisor", "new", "open")),
        # Someone wrote in between: RT opened it on their reply, not on ours.
        (
            REPLY,
            txn(105, "Correspond", "supervisor"),
            txn(106, "Status", "RT_System", "new", "open"),
        ),
        # Opened before our reply landed.
        (txn(101, "Status", "supervisor", "new", "open"), REPLY),
        # A step from another status than the user saw.
        (
            txn(101, "Status", "supervisor", "new", "stalled"),
            REPLY,
            txn(106, "Status", "RT_System", "stalled", "open"),
        ),
    ],
    ids=["supervisor-after-reply", "their-reply-between", "before-reply", "other-status-first"],
)
def test_a_status_someone_else_set_stays_theirs(
    tmp_path: Path, rows: tuple[RemoteTransaction, ...]
) -> None:
    assert rebased(tmp_path, *rows) == "new"
