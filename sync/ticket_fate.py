"""What became of a ticket that is no longer the technician's, told by one read of it.

Deleted (RT answers 404, or shows its status 'deleted'), out of sight (403:
reassigned, or moved to a queue the account cannot see), merged into another
ticket (RT answers for the survivor), or still there under someone else.  The
Outbox says it of a refused change (``sync.connectors.rt_refusals``), the tickets
puller of a visit that left the list (``sync.pullers.tickets``): in the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from sync.errors import NotFoundError


class Fate(StrEnum):
    DELETED = "deleted"
    HIDDEN = "hidden"  # RT will not show it to this account
    MERGED = "merged"  # into ``TicketFate.survivor``
    THERE = "there"  # shown as it is: ``TicketFate.owner`` holds it


class TicketSeen(NamedTuple):
    """What one read of a ticket says: RT answers for the survivor of a merge."""

    id: int
    status: str | None
    owner: str | None


@dataclass(frozen=True)
class TicketFate:
    fate: Fate
    survivor: int | None = None  # merged: the ticket that holds its history now
    owner: str | None = None  # merged or there: who holds the ticket now

    def words(self) -> str:
        """What happened to it, as a visit's note says it: "deleted on the helpdesk"."""
        if self.fate is Fate.DELETED:
            return "deleted on the helpdesk"
        if self.fate is Fate.HIDDEN:
            return (
                "no longer visible to you on the helpdesk: reassigned or moved to a queue "
                "you cannot see"
            )
        if self.fate is Fate.MERGED:
            return f"merged into #{self.survivor} on the helpdesk"
        return "still on the helpdesk"

    def sentence(self, ticket_id: int) -> str:
        """The same, of ticket_id: "#12 was deleted on the helpdesk"."""
        verb = "is" if self.fate in (Fate.HIDDEN, Fate.THERE) else "was"
        return f"#{ticket_id} {verb} {self.words()}"


def fate_of(ticket_id: int, read: Callable[[], TicketSeen | None]) -> TicketFate | None:
    """Read the ticket once (``read``; None: an answer that cannot be read) and tell
    what became of it (None when the answer cannot tell)."""
    try:
        seen = read()
    except NotFoundError as error:
        return TicketFate(Fate.DELETED if error.status == 404 else Fate.HIDDEN)
    if seen is None:
        return None
    if seen.status == "deleted":
        return TicketFate(Fate.DELETED)
    if seen.id != ticket_id:
        return TicketFate(Fate.MERGED, survivor=seen.id, owner=seen.owner)
    return TicketFate(Fate.THERE, owner=seen.owner)
