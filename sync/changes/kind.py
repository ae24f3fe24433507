"""What a kind of change must know to travel through the outbox (the plug-in interface).

The engine orders rows, retries, sorts errors and records outcomes; everything
that depends on *what* a row is lives in its kind: how it is described, sent
(with its idempotency key, recognising "already delivered"), applied locally
once delivered, edited after a refusal and undone when discarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sync.connectors.base import Connector
from sync.store.outbox import InvalidChange, OutboxRow

if TYPE_CHECKING:
    import sqlite_utils


class Blocked(Exception):
    """This row cannot go now (e.g. its ticket is not created yet); later rows of
    its ticket wait too.  Not an error: the next run tries again."""


@dataclass
class PushContext:
    """What a kind's ``send`` works with during one run."""

    db: sqlite_utils.Database
    connector: Connector
    conflicts: int = 0  # fields left for the user to decide, counted for the report


class ChangeKind(Protocol):
    # The outbox's ``kind`` column.
    name: str
    # Payload keys a refused row may have edited (see ``edit``).
    editable: frozenset[str]
    # True: while a row of this kind waits for the user after a refusal, later
    # rows of this kind for the same ticket are held back, so that they cannot
    # land first and then be overwritten by its retry.  (A row in conflict is
    # never sent again, so it holds nothing back.)
    held_in_order: bool

    def describe(self, row: OutboxRow) -> str:
        """One line a technician understands."""
        ...

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        """Deliver the row exactly once in effect and mark it done (or conflict).

        A row found ``in_flight`` may already be on the helpdesk (a lost reply,
        a crash): look for it first.  Raise Blocked, or a ``sync.errors`` error.
        """
        ...

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        """Apply the user's edit of a refused row to ``payload`` and the local copy."""
        ...

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        """Take back the row's local effect (the user discarded it)."""
        ...


class NotEditable:
    """Mixin for kinds whose refused rows can only be retried or discarded."""

    editable: frozenset[str] = frozenset()

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        raise InvalidChange("this change cannot be edited; retry or discard it")
