"""What the fault tests look at: RT seen directly, the replica, the outbox."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import sqlite_utils

from devrt.instance import RunningRT
from sync import outbox
from sync.connectors.base import RemoteTransaction
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import DEFAULT_TIMEOUT, Credentials, RTHttp
from sync.engine import SyncEngine, SyncReport
from sync.outbox import OutboxRow
from sync.store import tickets as ticket_store
from sync.store.tickets import HistoryEntry, Visit
from tests.faults.proxy import FaultProxy, Predicate
from tests.integration.helpers import helpdesk_zone

WAIT_S = 30.0
POLL_S = 0.05
USER = "alice"


def connect(
    rt: RunningRT, url: str, user: str = USER, timeout: tuple[float, float] = DEFAULT_TIMEOUT
) -> RTConnector:
    http = RTHttp(url, Credentials(user, token=rt.token(user)), timeout=timeout)
    return RTConnector(http, timezone=helpdesk_zone(rt, user))


@dataclass(frozen=True)
class Rig:
    """Alice's laptop talking to the real RT through the fault proxy."""

    rt: RunningRT
    db: sqlite_utils.Database  # alice's replica, synced once
    proxy: FaultProxy
    connector: RTConnector  # FieldDesk's: through the proxy
    helpdesk: RTConnector  # alice straight to RT: the truth to check against
    visits: list[Visit]  # her open visits after the first sync

    def sync(self, connector: RTConnector | None = None) -> SyncReport:
        return SyncEngine(self.db, connector or self.connector).run()


def proxy_actions(proxy: FaultProxy, match: Predicate) -> list[str]:
    """What the proxy did with each request the predicate matches, in order."""
    return [s.action for s in proxy.seen() if match(s.method, s.path)]


def unique(text: str) -> str:
    """A note text no other test (or sample ticket) holds."""
    return f"{text} [{uuid.uuid4().hex[:8]}]"


def notes_on_helpdesk(direct: RTConnector, ticket_id: int, text: str) -> list[RemoteTransaction]:
    """The comments/replies of the ticket on RT holding exactly this text."""
    return [
        txn
        for txn in direct.fetch_history(ticket_id, 0)
        if txn.type in ("Comment", "Correspond") and (txn.body or "").strip() == text.strip()
    ]


def notes_on_laptop(db: sqlite_utils.Database, ticket_id: int, text: str) -> list[HistoryEntry]:
    """The entries of the ticket's history as FieldDesk shows it, holding this text."""
    return [
        entry
        for entry in ticket_store.history(db, ticket_id)
        if (entry.body or "").strip() == text.strip()
    ]


def outbox_row(db: sqlite_utils.Database, row_uuid: str) -> OutboxRow:
    (row,) = [r for r in outbox.rows(db, include_done=True) if r.uuid == row_uuid]
    return row


def shown_time_worked(db: sqlite_utils.Database, ticket_id: int) -> int:
    visit = ticket_store.get_visit(db, ticket_id)
    assert visit is not None, f"visit #{ticket_id} is no longer on the laptop"
    return visit.time_worked


def wait_until_due(db: sqlite_utils.Database, timeout: float = WAIT_S) -> None:
    """Wait until every open outbox row may be sent again (its backoff has passed)."""
    deadline = time.monotonic() + timeout
    while True:
        due = [r.next_attempt_at for r in outbox.rows(db) if r.state in outbox.OPEN_STATES]
        if all(at <= time.time() for at in due):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"outbox rows still backing off after {timeout}s: {due}")
        time.sleep(POLL_S)
