"""What a pulled entity must know to come down from the helpdesk (the plug-in interface).

A puller brings one kind of thing (tickets, related tickets, KB articles,
files, the team...) up to date, keeping its own cursor in the replica; the
engine runs the pullers in a declared order after the push.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sync.connectors.base import Connector
from sync.report import Cancelled, Progress, SyncReport

if TYPE_CHECKING:
    import sqlite_utils

    from sync.attachments import VisitBudget


@dataclass
class PullContext:
    """What the pullers of one run share."""

    db: sqlite_utils.Database
    connector: Connector
    report: SyncReport
    progress: Callable[[Progress], None]
    cancel: threading.Event = field(default_factory=threading.Event)
    attachments_dir: Path | None = None
    max_attachment_bytes: int = 0
    visit_budget: VisitBudget | None = None  # None: every missing file (Ready for the road)
    # The server's clock when the ticket listing answered: no cursor may move
    # into a second that is not over yet.  Set by the tickets puller.
    server_time: str | None = None
    # How many visits the helpdesk sent without each field (``RemoteTicket.unknown_fields``).
    fields_not_sent: Counter[str] = field(default_factory=Counter)

    def check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled


class Puller(Protocol):
    name: str

    def pull(self, ctx: PullContext) -> None:
        """Bring this entity up to date; commit each piece with its cursor."""
        ...


def second_is_over(stamp: str | None, server_time: str | None) -> bool:
    """True when the server's clock has left the second of stamp (ISO UTC strings)."""
    if stamp is None or server_time is None:
        return stamp is not None
    return stamp < server_time


def article_cursor(since: str | None, stamps: list[str], server_time: str | None) -> str | None:
    """Where an article class's cursor goes after a listing that covered it.

    The newest stamp whose second is over, and at least the second before
    ``server_time`` (taken before the listing: anything changed earlier was in
    it), so a class with nothing new keeps up with the clock instead of making
    the shared listing (it goes from the oldest cursor) fetch the other again.
    """
    candidates = [s for s in stamps if second_is_over(s, server_time)]
    if since is not None:
        candidates.append(since)
    if server_time is not None:
        clock = datetime.strptime(server_time, "%Y-%m-%dT%H:%M:%SZ") - timedelta(seconds=1)
        candidates.append(clock.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return max(candidates) if candidates else None
