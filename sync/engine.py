"""One sync run: push the outbox in order, then run the pullers.

Exactly once, in effect: before a row is sent it is durably marked
``in_flight``; a row found ``in_flight`` (a crash, a lost reply) is first
looked up on the server by its uuid and only sent again if absent -- and
only once the server has had time to finish the first sending
(``sync.changes.kind.RESEND_AFTER_S``).  What a
row *is* and how it travels is its kind's business (``sync.changes``); what
comes down is the pullers' (``sync.pullers``).  The engine orders, retries,
sorts errors and records outcomes.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sync import outbox
from sync.attachments import SYNC_VISIT_BUDGET, VisitBudget
from sync.change_limits import DEFAULT_MAX_BYTES
from sync.changes import RESEND_AFTER_S, Blocked, NotYetResent, PushContext, kind_of
from sync.connectors.base import LONGEST_WAIT_IN_RUN_S, Connector
from sync.errors import (
    AdminKitMissing,
    AuthError,
    Cause,
    NotAnswering,
    OfflineError,
    RejectedError,
    RetryableError,
    SyncError,
    UntrustedConnection,
    WaitRequested,
)
from sync.outbox import OutboxRow
from sync.pullers import PullContext, Puller, default_pullers
from sync.push_order import push_groups
from sync.report import Cancelled, Progress, SyncReport
from sync.store import tickets

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

TRIES_PER_RUN = 3
BACKOFF_BASE_S = 0.5
BACKOFF_CAP_S = outbox.LONGEST_BACKOFF_S
# A run stops cleanly after this long, keeping what it got (a slow or flaky
# helpdesk cannot hold the laptop's sync); the next run goes on from there.
RUN_BUDGET_S = 900.0
# Refusals that hold for every change to the visit, not just the one refused.
VISIT_LEFT = frozenset({Cause.REASSIGNED, Cause.DELETED})

PushOutcome = Literal["sent", "held", "conflict", "wait"]

__all__ = ["Cancelled", "Progress", "SyncEngine", "SyncReport", "backoff_delay"]


def _stop_for(error: RetryableError) -> OfflineError:
    if error.retry_after is not None and error.retry_after > LONGEST_WAIT_IN_RUN_S:
        # The helpdesk's own figure (the row's backoff is capped): the next try is told by it.
        return WaitRequested(retry_after=error.retry_after)
    return NotAnswering(f"the helpdesk keeps failing ({error}); the next sync tries again")


def _log_stop(error: Exception, *, cause: str | None = None) -> None:
    """Why a run stopped, for support; our own messages carry no secrets or customer text."""
    kind = type(error).__name__ + (f" ({cause})" if cause else "")
    log.warning("sync stopped: %s: %s", kind, error)


def backoff_delay(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter; the server's Retry-After wins."""
    if retry_after is not None:
        return min(retry_after, BACKOFF_CAP_S)
    return random.uniform(0, min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2**attempt))


def _resend_at(report: SyncReport, moment: float) -> None:
    """A change in doubt may be sent again at ``moment`` (epoch): the report keeps the
    earliest (``resend_in_s``)."""
    wait = max(0.0, moment - time.time())
    report.resend_in_s = wait if report.resend_in_s is None else min(report.resend_in_s, wait)


class SyncEngine:
    def __init__(
        self,
        db: sqlite_utils.Database,
        connector: Connector,
        *,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        attachments_dir: Path | None = None,
        max_attachment_bytes: int = DEFAULT_MAX_BYTES,
        visit_budget: VisitBudget | None = SYNC_VISIT_BUDGET,
        pullers: Sequence[Puller] | None = None,
        budget_s: float = RUN_BUDGET_S,
        resend_after_s: float = RESEND_AFTER_S,
    ) -> None:
        self.db = db
        self.connector = connector
        self.attachments_dir = attachments_dir
        self.max_attachment_bytes = max_attachment_bytes
        self.visit_budget = visit_budget
        self.progress = progress or (lambda _p: None)
        self.cancel = cancel or threading.Event()
        self.pullers = list(default_pullers() if pullers is None else pullers)
        self.budget_s = budget_s
        self.resend_after_s = resend_after_s
        # The helpdesk's clock when the run's ticket listing answered (ISO UTC; None
        # when the pull did not finish or the helpdesk sent no Date): when a complete
        # run synced, by the helpdesk's clock (the offline limit's, ``sync.last_sync``).
        self.server_time: str | None = None

    # -- the run ---------------------------------------------------------------
    def run(self) -> SyncReport:
        report = SyncReport()
        start_requests = self.connector.request_count
        self.deadline = time.monotonic() + self.budget_s
        self.connector.set_run_limits(self.deadline, self.cancel)
        try:
            self.push(report)
            self.pull(report)
        except Cancelled:
            report.cancelled = True
        except AuthError as error:
            report.auth_failed, report.error = True, str(error)
            _log_stop(error, cause=error.cause)
        except OfflineError as error:  # unreachable, not answering, or asked us to wait
            report.offline, report.error = True, str(error)
            if isinstance(error, WaitRequested):
                report.next_try_in_s = error.retry_after
            _log_stop(error)
        except UntrustedConnection as error:
            report.untrusted, report.error = True, str(error)
            _log_stop(error)
        except (RetryableError, AdminKitMissing) as error:
            report.error = str(error)
            _log_stop(error)
        finally:
            self.connector.set_run_limits(None, self.cancel)
        report.requests = self.connector.request_count - start_requests
        log.info(
            "sync: %d sent, %d refused, %d conflict(s), %d retry later, %d ticket(s) pulled,"
            " %d request(s)%s",
            report.pushed,
            len(report.rejected),
            report.conflicts,
            report.retry_later,
            report.tickets_pulled,
            report.requests,
            "" if report.ok else " - incomplete",
        )
        return report

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled

    # -- push ------------------------------------------------------------------
    def push(self, report: SyncReport) -> None:
        now = time.time()
        groups = push_groups(self.db, outbox.rows(self.db))
        total = sum(1 for rows in groups for r in rows if r.state in outbox.OPEN_STATES)
        done = 0
        for rows in groups:
            # A refused row keeps later rows of its kind for the same ticket back
            # when the kind says order matters (field changes), so they cannot
            # land first and then be overwritten by its retry.  A row in
            # conflict holds nothing: it is never sent again (the user's choice
            # is queued as a new row), so every conflict surfaces in one run.
            # Per ticket, as ``outbox.held_behind`` shows it: a group may join
            # visits that share equipment, and one visit's refusal is not another's.
            held: dict[tuple[object, str], OutboxRow] = {}  # the refused row holding each
            refused_now: set[int] = set()  # refused in this run: the helpdesk's word is fresh
            for row in rows:
                kind = kind_of(row.kind)
                held_as = (row.ticket_ref if row.ticket_ref is not None else row.seq, row.kind)
                if row.state not in outbox.OPEN_STATES:
                    if outbox.holds_later_changes(row):
                        held.setdefault(held_as, row)
                    continue
                if held_as in held:
                    holder = held[held_as]
                    self._refuse_behind(holder, row, report, holder.seq in refused_now)
                    continue
                self._check_cancel()
                self.progress(Progress("push", done, total, row.describe()))
                done += 1
                if outbox.backing_off(row, now):
                    report.retry_later += 1
                    break  # keep this ticket's order: later rows wait too
                outcome = self._push_with_retries(row, report)
                if outcome == "wait":
                    break  # retry later, or blocked: the rest of this ticket waits
                if outcome == "held" and kind.held_in_order:
                    held.setdefault(held_as, outbox.get_row(self.db, row.seq) or row)
                    refused_now.add(row.seq)
        self.progress(Progress("push", total, total, ""))

    def _refuse_behind(
        self, refused: OutboxRow, row: OutboxRow, report: SyncReport, refused_now: bool
    ) -> None:
        """A change held behind a refused one is refused with it when the visit left the user.

        The helpdesk would refuse it for the same reason, so it is not sent; the user
        sees every change that could not go, not one refusal and others waiting
        without a word (and retries them in order once the visit is theirs again).
        Only while that reason holds: the refusal came in this run, or the replica
        still has the visit gone (a visit given back arrives again, and a change made
        since then waits, shown as held, for the user to settle the old refusal).
        A change that may already be on the helpdesk (in flight) waits to be looked up.
        """
        cause = refused.error_cause
        if cause is None or cause not in VISIT_LEFT or row.state != "pending":
            return
        if not refused_now and not tickets.is_gone(self.db, row.ticket_ref or 0):
            return
        outbox.mark_rejected(self.db, row.seq, refused.last_error or "", cause)
        report.rejected.append(f"{row.describe()}: {refused.last_error}")

    def _push_with_retries(self, row: OutboxRow, report: SyncReport) -> PushOutcome:
        """ "sent"; "held" (refused: waits for the user); "conflict"; "wait" (retry later)."""
        for attempt in range(TRIES_PER_RUN):
            current = outbox.get_row(self.db, row.seq)
            if current is None or current.state not in outbox.OPEN_STATES:
                return self._outcome_of(row.seq)
            context = PushContext(self.db, self.connector, resend_after_s=self.resend_after_s)
            try:
                self._send(context, current)
            except (Blocked, outbox.RowGone):  # or gone meanwhile (discarded, replaced)
                return "wait"
            except NotYetResent as waiting:
                # Not retried in this run: the helpdesk may still be making it.  The
                # next sync looks for it again (no backoff: a lookup is one read).
                outbox.mark_retry(self.db, row.seq, str(waiting), 0)
                report.retry_later += 1
                _resend_at(report, waiting.resend_at)
                return "wait"
            except RejectedError as error:
                # The log names the row, never its text: notes are customer data.
                log.warning(
                    "sync: outbox row %d (%s, ticket %s) refused: %s, HTTP %s",
                    row.seq,
                    row.kind,
                    row.ticket_ref,
                    error.cause,
                    error.status,
                )
                outbox.mark_rejected(self.db, row.seq, str(error), error.cause)
                report.rejected.append(f"{current.describe()}: {error}")
                return "held"
            except OfflineError as error:
                # No backoff: the next sync (network back, timer, the user) tries at once.
                outbox.mark_retry(self.db, row.seq, str(error), 0)
                raise
            except RetryableError as error:
                delay = backoff_delay(attempt, error.retry_after)
                if delay > LONGEST_WAIT_IN_RUN_S or time.monotonic() + delay > self.deadline:
                    # Sleeping that long would hold the sync: stop; the next run tries again.
                    outbox.mark_retry(self.db, row.seq, str(error), delay)
                    raise _stop_for(error) from None
                if attempt == TRIES_PER_RUN - 1:
                    outbox.mark_retry(self.db, row.seq, str(error), delay)
                    report.retry_later += 1
                    return "wait"
                log.info("retrying %s in %.1fs: %s", current.uuid, delay, type(error).__name__)
                if self.cancel.wait(delay):
                    raise Cancelled from None
            else:
                report.conflicts += context.conflicts
                report.notices += context.notices
                outcome = self._outcome_of(row.seq)
                if outcome == "sent":
                    report.pushed += 1
                return outcome
        return "wait"

    def _send(self, context: PushContext, row: OutboxRow) -> None:
        """The row's kind sends it.

        A sending that failed on the helpdesk's own answer (a refusal, 401, 429) or
        before it left (connection refused) leaves nothing in doubt (``definite``):
        the row's lookup next time is the whole truth, and it need not wait before it
        is sent again (``outbox.mark_answered``).  Anything else -- a cut connection,
        a timeout, a 5xx, a broken TLS session -- may have left RT still making the
        change: the row keeps waiting after its lookup.  A kind that marks its row in
        flight itself leaves it never sent when its first sending provably never reached
        the helpdesk (``sync.changes.note.sending``): the user may still edit or discard it.
        """
        marked = outbox.mark_sending(self.db, row)  # a field change too: not "never sent"
        try:
            kind_of(row.kind).send(context, row)
        except Blocked:
            if marked:  # it waits for its ticket: nothing went
                outbox.mark_answered(self.db, row.seq)
            raise
        except SyncError as error:
            after = outbox.get_row(self.db, row.seq)
            sent_now = after is not None and after.sent_at != row.sent_at
            if sent_now and error.definite:
                outbox.mark_answered(self.db, row.seq)
            raise

    def _outcome_of(self, seq: int) -> PushOutcome:
        """A row sent (or gone), held for the user (rejected), or partly sent in conflict."""
        row = outbox.get_row(self.db, seq)
        if row is not None and row.state == "rejected":
            return "held"
        return "conflict" if row is not None and row.state == "conflict" else "sent"

    # -- pull ------------------------------------------------------------------
    def pull(self, report: SyncReport) -> None:
        context = PullContext(
            self.db,
            self.connector,
            report,
            self.progress,
            self.cancel,
            self.attachments_dir,
            self.max_attachment_bytes,
            self.visit_budget,
        )
        for puller in self.pullers:
            try:
                puller.pull(context)
            except AdminKitMissing as error:
                # The helpdesk lacks what this entity needs (the KB's class renamed): the
                # run says so, incomplete, and the other entities still come down.
                log.warning("sync: %s not pulled: %s", puller.name, error)
                report.error = f"{report.error}; {error}" if report.error else str(error)
                report.setup_missing.append(str(error))
        self.server_time = context.server_time
