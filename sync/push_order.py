"""The outbox's groups: each record on the helpdesk gets its changes in the order made.

The push sends a group's rows one after another, and a row that has to wait holds
the rest of its group back.  A visit's changes are a group, and so are an asset's.
A change naming both (a printer retired on a visit, a serial recorded there) joins
the two: an edit of the printer made before its retirement is sent before it, not
after a retirement that went ahead with the visit's group and made the edit look
like a conflict with the technician's own change.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

from sync.store import assets as asset_store
from sync.store.outbox import OutboxRow

if TYPE_CHECKING:
    import sqlite_utils

ASSET_PREFIXES = ("", "new_")  # a replacement names the old asset and the new one


def push_groups(db: sqlite_utils.Database, rows: Iterable[OutboxRow]) -> list[list[OutboxRow]]:
    """``rows`` (in outbox order) in groups, each in outbox order, the groups by their
    first row."""
    joined = _Joined()
    ordered = list(rows)
    for row in ordered:
        first, *others = _records_changed(db, row)
        for other in others:
            joined.join(first, other)
    groups: dict[Hashable, list[OutboxRow]] = {}
    for row in ordered:
        groups.setdefault(joined.find(_records_changed(db, row)[0]), []).append(row)
    return list(groups.values())


def _records_changed(db: sqlite_utils.Database, row: OutboxRow) -> list[Hashable]:
    """The helpdesk records a row changes (itself alone if none is named)."""
    records: list[Hashable] = []
    if row.ticket_ref is not None:
        records.append(("ticket", row.ticket_ref))
    for prefix in ASSET_PREFIXES:
        asset_id = row.payload.get(f"{prefix}asset_id")
        if isinstance(asset_id, int):
            records.append(
                ("asset", _asset_key(db, asset_id, row.payload.get(f"{prefix}asset_uuid")))
            )
    return records or [("row", row.seq)]


def _asset_key(db: sqlite_utils.Database, asset_id: int, uuid: object) -> int:
    """An asset added offline is named by its local id until RT numbers it; changes
    queued after that name RT's number: both are the same asset."""
    if asset_id < 0 and isinstance(uuid, str):
        return asset_store.id_for_client_uuid(db, uuid) or asset_id
    return asset_id


class _Joined:
    """Which records are joined by some row (union-find)."""

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def find(self, record: Hashable) -> Hashable:
        root = record
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[record] = root
        return root

    def join(self, one: Hashable, other: Hashable) -> None:
        self.parent[self.find(other)] = self.find(one)
