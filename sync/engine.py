"""One sync run: push the outbox in order, then pull what changed.

Exactly once, in effect: before a row is sent it is durably marked
``in_flight``; a row found ``in_flight`` (a crash, a lost reply) is first
looked up on the server by its uuid and only sent again if absent.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlite_utils

from sync import attachments, outbox, related
from sync.connectors.base import (
    Connector,
    NewArticleRequest,
    NewAttachment,
    NewTicketRequest,
    NoteRequest,
)
from sync.errors import (
    AuthError,
    ConflictError,
    NotFoundError,
    OfflineError,
    RejectedError,
    RetryableError,
    UntrustedConnection,
)
from sync.merge import three_way
from sync.outbox import OutboxRow
from sync.store import assets as asset_store
from sync.store import kb as kb_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store import users as user_store
from sync.store.settings import get_cursor, set_cursor

log = logging.getLogger(__name__)

TRIES_PER_RUN = 3
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = 300.0
MERGE_ROUNDS = 3


@dataclass(frozen=True)
class Progress:
    phase: str  # "push", "pull", "kb"
    done: int
    total: int
    message: str


@dataclass
class SyncReport:
    pushed: int = 0
    rejected: list[str] = field(default_factory=list)
    conflicts: int = 0
    retry_later: int = 0
    tickets_pulled: int = 0
    tickets_removed: int = 0
    kept_with_unsent_changes: list[int] = field(default_factory=list)
    articles_pulled: int = 0
    related_pulled: int = 0
    files_fetched: int = 0
    requests: int = 0
    offline: bool = False
    auth_failed: bool = False
    untrusted: bool = False  # certificate not trusted, or the address redirects elsewhere
    cancelled: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return not (
            self.offline or self.auth_failed or self.untrusted or self.cancelled or self.error
        )


def _second_is_over(stamp: str | None, server_time: str | None) -> bool:
    """True when the server's clock has left the second of stamp (ISO UTC strings)."""
    if stamp is None or server_time is None:
        return stamp is not None
    return stamp < server_time


PushOutcome = Literal["sent", "held", "wait"]


class Cancelled(Exception):
    pass


class _Blocked(Exception):
    """This row cannot go now; later rows of the same ticket must wait."""


def backoff_delay(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter; the server's Retry-After wins."""
    if retry_after is not None:
        return min(retry_after, BACKOFF_CAP_S)
    return random.uniform(0, min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt))


class SyncEngine:
    def __init__(
        self,
        db: sqlite_utils.Database,
        connector: Connector,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        attachments_dir: Path | None = None,
        max_attachment_bytes: int = attachments.DEFAULT_MAX_BYTES,
    ) -> None:
        self.db = db
        self.connector = connector
        self.attachments_dir = attachments_dir
        self.max_attachment_bytes = max_attachment_bytes
        self.progress = progress or (lambda _p: None)
        self.cancel = cancel or threading.Event()

    # -- the run ---------------------------------------------------------------
    def run(self) -> SyncReport:
        report = SyncReport()
        start_requests = self.connector.request_count
        try:
            self.push(report)
            self.pull(report)
        except Cancelled:
            report.cancelled = True
        except AuthError as error:
            report.auth_failed, report.error = True, str(error)
        except OfflineError as error:
            report.offline, report.error = True, str(error)
        except UntrustedConnection as error:
            report.untrusted, report.error = True, str(error)
        except RetryableError as error:
            report.error = str(error)
        report.requests = self.connector.request_count - start_requests
        return report

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

    # -- push ------------------------------------------------------------------
    def push(self, report: SyncReport) -> None:
        now = time.time()
        groups: dict[Any, list[OutboxRow]] = {}
        for row in outbox.rows(self.db):
            key = row.ticket_ref if row.ticket_ref is not None else ("row", row.seq)
            groups.setdefault(key, []).append(row)
        total = sum(1 for rows in groups.values() for r in rows if r.state in outbox.OPEN_STATES)
        done = 0
        for rows in groups.values():
            # A field change waiting for the user (rejected, in conflict) keeps
            # later field changes of its ticket back, so they cannot land first
            # and then be overwritten by a retry.  Notes never depend on fields.
            fields_held = False
            for row in rows:
                if row.state not in outbox.OPEN_STATES:
                    fields_held = fields_held or row.kind == "set_fields"
                    continue
                if fields_held and row.kind == "set_fields":
                    continue
                self._check_cancel()
                self.progress(Progress("push", done, total, row.describe()))
                done += 1
                if row.next_attempt_at > now:
                    report.retry_later += 1
                    break  # keep this ticket's order: later rows wait too
                outcome = self._push_with_retries(row, report)
                if outcome == "wait":
                    break  # retry later, or blocked: the rest of this ticket waits
                fields_held = fields_held or (outcome == "held" and row.kind == "set_fields")
        self.progress(Progress("push", total, total, "changes sent"))

    def _push_with_retries(self, row: OutboxRow, report: SyncReport) -> PushOutcome:
        """ "sent"; "held" (now waits for the user: rejected, conflict); "wait" (retry later)."""
        for attempt in range(TRIES_PER_RUN):
            current = outbox.get_row(self.db, row.seq)
            if current is None or current.state not in outbox.OPEN_STATES:
                return self._outcome_of(row.seq)
            try:
                self._send(current, report)
            except _Blocked:
                return "wait"
            except RejectedError as error:
                outbox.mark_rejected(self.db, row.seq, str(error), error.cause)
                report.rejected.append(f"{current.describe()}: {error}")
                return "held"
            except OfflineError as error:
                # No backoff: the next sync (network back, timer, the user) tries at once.
                outbox.mark_retry(self.db, row.seq, str(error), 0)
                raise
            except RetryableError as error:
                delay = backoff_delay(attempt, error.retry_after)
                if attempt == TRIES_PER_RUN - 1:
                    outbox.mark_retry(self.db, row.seq, str(error), delay)
                    report.retry_later += 1
                    return "wait"
                log.info("retrying %s in %.1fs: %s", current.uuid, delay, error)
                if self.cancel.wait(delay):
                    raise Cancelled from None
            else:
                outcome = self._outcome_of(row.seq)
                if outcome == "sent":
                    report.pushed += 1
                return outcome
        return "wait"

    def _outcome_of(self, seq: int) -> PushOutcome:
        """A row sent (or gone), or held for the user (rejected, or partly sent in conflict)."""
        row = outbox.get_row(self.db, seq)
        return "held" if row is not None and row.state in ("rejected", "conflict") else "sent"

    def _send(self, row: OutboxRow, report: SyncReport) -> None:
        sender = {
            "note": self._send_note,
            "set_fields": self._send_fields,
            "create_ticket": self._send_ticket,
            "asset_serial": self._send_serial,
            "article": self._send_article,
        }[row.kind]
        sender(row, report)

    def _send_note(self, row: OutboxRow, _report: SyncReport) -> None:
        ticket_id = row.ticket_ref
        if ticket_id is None or ticket_id < 0:
            raise _Blocked  # its ticket is not created on the server yet
        content = str(row.payload["content"])
        if row.state == "in_flight":
            found = self.connector.find_note(ticket_id, row.uuid, content)
            if found is not None:
                self._note_delivered(row, found)
                return
        outbox.mark_in_flight(self.db, row)
        files = tuple(
            NewAttachment(a["filename"], a["content_type"], Path(a["path"]).read_bytes())
            for a in row.payload.get("attachments", [])
        )
        txn_id = self.connector.add_note(
            NoteRequest(
                ticket_id=ticket_id,
                client_request_id=row.uuid,
                content=content,
                public=bool(row.payload.get("public")),
                time_taken=int(row.payload.get("time_taken") or 0),
                attachments=files,
            )
        )
        self._note_delivered(row, txn_id)

    def _note_delivered(self, row: OutboxRow, txn_id: int) -> None:
        with transaction(self.db):
            taken = self.db.execute("SELECT 1 FROM history WHERE id = ?", [txn_id]).fetchone()
            if taken:  # a pull already brought the server's copy
                self.db.execute("DELETE FROM history WHERE client_uuid = ?", [row.uuid])
            else:
                self.db.execute(
                    "UPDATE history SET id = ? WHERE client_uuid = ?", [txn_id, row.uuid]
                )
            self.db.execute(
                "UPDATE attachments SET transaction_id = ? WHERE client_uuid = ?",
                [txn_id, row.uuid],
            )
            outbox.mark_done(self.db, row.seq, str(txn_id))

    def _send_fields(self, row: OutboxRow, report: SyncReport) -> None:
        ticket_id = row.ticket_ref
        if ticket_id is None or ticket_id < 0:
            raise _Blocked
        mine: dict[str, str | None] = dict(row.payload["changes"])
        base, etag = ticket_store.base_values(self.db, ticket_id)
        # Linked fields are merged against what the user saw when deciding
        # (kept in the row), even if a pull has refreshed the replica since.
        base.update({k: v for k, v in row.base.items() if k not in mine})
        push = dict(mine)
        for _ in range(MERGE_ROUNDS):
            try:
                if push:
                    self.connector.update_ticket(ticket_id, etag or "", push)
                # The server now holds our value of every field we changed
                # (pushed now, or already there after a lost reply).
                self._fields_delivered(row, mine)
                return
            except ConflictError:
                remote = self.connector.fetch_ticket(ticket_id)
                merged = three_way(base, mine, remote.fields)
                if merged.conflicts:
                    if merged.push:
                        self.connector.update_ticket(ticket_id, remote.etag, merged.push)
                    agreed = {k: v for k, v in mine.items() if k not in merged.conflicts}
                    self._update_base(ticket_id, agreed)
                    self._record_conflicts(row, ticket_id, merged.conflicts, merged.because)
                    report.conflicts += len(merged.conflicts)
                    return
                push, etag = merged.push, remote.etag
        raise RetryableError("the ticket kept changing on the helpdesk; will try again")

    def _update_base(self, ticket_id: int, values: dict[str, str | None]) -> None:
        with transaction(self.db):
            base, _ = ticket_store.base_values(self.db, ticket_id)
            base.update(values)
            self.db.execute(
                "UPDATE tickets SET base = ? WHERE id = ?", [json.dumps(base), ticket_id]
            )

    def _fields_delivered(self, row: OutboxRow, values: dict[str, str | None]) -> None:
        with transaction(self.db):
            self._update_base(row.ticket_ref or 0, values)
            outbox.mark_done(self.db, row.seq)

    def _record_conflicts(
        self,
        row: OutboxRow,
        ticket_id: int,
        conflicts: dict[str, tuple[str | None, str | None, str | None]],
        because: dict[str, tuple[str | None, str | None]] | None = None,
    ) -> None:
        names = ", ".join(conflicts)
        if because:  # linked fields: say what changed over there
            names += (
                " (the helpdesk changed "
                + ", ".join(
                    f"{name}: {old or '-'} → {new or '-'}" for name, (old, new) in because.items()
                )
                + ")"
            )
        with transaction(self.db):
            for name, (base, mine, theirs) in conflicts.items():
                self.db.execute(
                    "DELETE FROM conflicts WHERE ticket_id = ? AND field = ? AND resolved IS NULL",
                    [ticket_id, name],
                )
                self.db.execute(
                    "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, outbox_seq,"
                    " created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [ticket_id, name, base, mine, theirs, row.seq, outbox.now_iso()],
                )
            outbox.mark_conflict(self.db, row.seq, f"changed on the helpdesk too: {names}")

    def _send_ticket(self, row: OutboxRow, _report: SyncReport) -> None:
        local_id = row.ticket_ref
        new_id = None
        if row.state == "in_flight":
            new_id = self.connector.find_ticket(row.uuid)
        if new_id is None:
            outbox.mark_in_flight(self.db, row)
            p = row.payload
            new_id = self.connector.create_ticket(
                NewTicketRequest(
                    client_ticket_id=row.uuid,
                    subject=p["subject"],
                    content=p["content"],
                    owner=p["owner"],
                    requestor=p.get("requestor"),
                    fields=p.get("fields") or {},
                )
            )
        with transaction(self.db):
            if local_id is not None and local_id < 0:
                ticket_store.renumber_ticket(self.db, local_id, new_id)
            outbox.mark_done(self.db, row.seq, str(new_id))

    def _send_serial(self, row: OutboxRow, _report: SyncReport) -> None:
        asset_id, serial = int(row.payload["asset_id"]), str(row.payload["serial"])
        self.connector.update_asset_serial(asset_id, serial)
        with transaction(self.db):
            self.db.execute("UPDATE assets SET base_serial = ? WHERE id = ?", [serial, asset_id])
            outbox.mark_done(self.db, row.seq)

    def _send_article(self, row: OutboxRow, _report: SyncReport) -> None:
        p = row.payload
        new_id = self.connector.find_article(p["name"]) if row.state == "in_flight" else None
        if new_id is None:
            outbox.mark_in_flight(self.db, row)
            new_id = self.connector.create_article(
                NewArticleRequest(name=p["name"], summary=p["summary"], content=p["content"])
            )
        with transaction(self.db):
            self.db.execute("DELETE FROM articles WHERE id = ?", [p["local_id"]])
            outbox.mark_done(self.db, row.seq, str(new_id))

    # -- pull ------------------------------------------------------------------
    def pull(self, report: SyncReport) -> None:
        cursor = json.loads(get_cursor(self.db, "tickets") or "[null, 0]")
        changes = self.connector.changed_tickets(cursor[0], int(cursor[1]))
        stamps = changes.stamps
        owned = self.connector.owned_ticket_ids()
        local = ticket_store.ticket_stamps(self.db)
        todo = [s.id for s in stamps if local.get(s.id) != s.last_updated]
        # Self-healing, whatever the cursor says: owned tickets we do not hold,
        # and tickets left stale by an earlier run (last_updated cleared).
        listed = set(todo)
        todo += sorted(t for t in owned if t not in listed and local.get(t, None) is None)
        unsettled = self._tickets_with_unconfirmed_writes()
        for index, ticket_id in enumerate(todo):
            self._check_cancel()
            self.progress(Progress("pull", index, len(todo), f"ticket #{ticket_id}"))
            if ticket_id in unsettled:
                # RT may already hold a change whose reply we lost; pulling now
                # would show it twice.  Refresh once the push has settled it.
                self._mark_stale(ticket_id)
                continue
            stamp = self._pull_ticket(ticket_id, owned, report)
            if stamp is not None and not _second_is_over(stamp, changes.server_time):
                # Stamped in the second the server is still in: it may change
                # again with the same stamp.  Fetch it again next time.
                self._mark_stale(ticket_id)
        # Cursors advance only once the data they cover is committed, and
        # never into a second that is not over yet.
        settled = [s for s in stamps if _second_is_over(s.last_updated, changes.server_time)]
        if settled:
            with transaction(self.db):
                last = settled[-1]
                set_cursor(self.db, "tickets", json.dumps([last.last_updated, last.id]))
        self._reconcile(owned, report)
        self.progress(Progress("pull", len(todo), len(todo), "visits up to date"))
        self._check_cancel()
        # Earlier tickets at the same sites (recurring incidents): new sites at
        # once, known ones only every few hours, so an idle sync stays cheap.
        report.related_pulled = related.refresh(self.db, self.connector)
        self._pull_articles(report, changes.server_time)
        self._fetch_upcoming_files(report)

    def _tickets_with_unconfirmed_writes(self) -> set[int]:
        rows = self.db.execute(
            "SELECT DISTINCT ticket_ref FROM outbox WHERE state = 'in_flight' AND ticket_ref > 0"
        ).fetchall()
        return {row[0] for row in rows}

    def _mark_stale(self, ticket_id: int) -> None:
        with transaction(self.db):
            self.db.execute("UPDATE tickets SET last_updated = NULL WHERE id = ?", [ticket_id])

    def _pull_ticket(self, ticket_id: int, owned: set[int], report: SyncReport) -> str | None:
        """Fetch one ticket's heavy fields; returns its LastUpdated (None if it is gone)."""
        try:
            remote = self.connector.fetch_ticket(ticket_id)
        except NotFoundError:
            owned.discard(ticket_id)  # gone since the listing: reconcile handles it
            return None
        if remote.id != ticket_id:  # merged into another ticket: follow it
            owned.discard(ticket_id)
            owned.add(remote.id)
        if remote.fields.get("status") == "deleted":
            owned.discard(remote.id)
            return None
        history = self.connector.fetch_history(remote.id, ticket_store.last_txn(self.db, remote.id))
        assets = self.connector.fetch_assets(remote.id)
        with transaction(self.db):
            ticket_store.apply_remote_ticket(self.db, remote)
            ticket_store.apply_remote_history(self.db, remote.id, history)
            asset_store.apply_remote_assets(self.db, remote.id, assets)
            user_store.remember_users(
                self.db,
                [remote.fields.get("owner"), *(r.get("email") for r in remote.requestors)]
                + [txn.creator for txn in history],
            )
            for txn in history:
                for attachment in txn.attachments:
                    self.db.execute(
                        "INSERT INTO attachments (id, ticket_id, transaction_id, filename,"
                        " content_type, size) VALUES (?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT(id) DO NOTHING",
                        [
                            attachment.id,
                            remote.id,
                            txn.id,
                            attachment.filename,
                            attachment.content_type,
                            attachment.size,
                        ],
                    )
        report.tickets_pulled += 1
        return remote.last_updated

    def _reconcile(self, owned: set[int], report: SyncReport) -> None:
        """Tickets reassigned away or deleted leave the laptop, unless they hold unsent work."""
        for ticket_id in sorted(ticket_store.ticket_ids(self.db) - owned):
            with transaction(self.db):
                unsent = self.db.execute(
                    "SELECT COUNT(*) FROM outbox WHERE ticket_ref = ? AND state != 'done'",
                    [ticket_id],
                ).fetchone()[0]
                if unsent:
                    ticket_store.mark_gone(
                        self.db,
                        ticket_id,
                        "no longer assigned to you on the helpdesk; "
                        f"{unsent} unsent change(s) kept here",
                    )
                    report.kept_with_unsent_changes.append(ticket_id)
                else:
                    ticket_store.remove_ticket(self.db, ticket_id)
                    report.tickets_removed += 1

    def _fetch_upcoming_files(self, report: SyncReport) -> None:
        """Files of today's and tomorrow's visits come down with the sync; others on demand."""
        if self.attachments_dir is None:
            return
        wanted = attachments.missing_for_upcoming_visits(
            self.db, max_bytes=self.max_attachment_bytes
        )
        for index, attachment_id in enumerate(wanted):
            self._check_cancel()
            self.progress(Progress("files", index, len(wanted), f"attachment {attachment_id}"))
            attachments.fetch_attachment(
                self.db, self.connector, self.attachments_dir, attachment_id
            )
            report.files_fetched += 1

    def _pull_articles(self, report: SyncReport, server_time: str | None) -> None:
        self._check_cancel()
        self.progress(Progress("kb", 0, 1, "knowledge base"))
        since = get_cursor(self.db, "articles")
        articles = self.connector.changed_articles(since)
        if articles:
            settled = [
                a.last_updated for a in articles if _second_is_over(a.last_updated, server_time)
            ]
            with transaction(self.db):
                kb_store.apply_remote_articles(self.db, articles)
                if settled:  # never into a second the server is still in
                    set_cursor(self.db, "articles", max(*settled, since or ""))
        report.articles_pulled = len(articles)
        self.progress(Progress("kb", 1, 1, "knowledge base up to date"))
