"""Many tickets at once: fields, history, message bodies, file listings and equipment
of up to a hundred tickets in a handful of collection requests.

Per hundred tickets: one ticket listing (fields and custom fields), the
history of all of them in one transaction search (paged; each ticket bounded
by its own mark, so a ticket with a long new history is not read again because
another ticket of the batch is read from further back), their message
bodies and file listings in two attachment searches by transaction id, and
their equipment in one asset search.  A ticket the listing does not return
(reassigned away, deleted, merged) or that changed while it was being read is
left to the ticket-by-ticket path.

RT gives no ETag in a listing.  A ticket's ETag is the id of its newest
transaction the user can see, so it is taken from the history search, which
runs after the ticket listing: only transactions the listed fields already
reflect count, so the ETag never claims a version newer than the fields we
keep as the base of a three-way merge (older at worst: the next write then
merges once more).

While it runs, the batch says how far it has come (``BatchProgress``): a hundred
tickets take a remote RT fifteen seconds or more.  Measured against RT 5 (a
hundred visits of a dozen history entries each), the ticket listing takes about a
tenth of that time, the history pages half, the message searches a third, the
equipment the rest; within the history RT tells no total, so each page moves
the estimate a little less than the one before.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote_plus

from sync.connectors.base import (
    BatchProgress,
    FetchStep,
    PulledTicket,
    RemoteAsset,
    RemoteTicket,
    TicketBatch,
)
from sync.connectors.rt.common import PAGE_SIZE, QUERY_BUDGET, http_date, page_items
from sync.connectors.rt.history import (
    HISTORY_FIELDS,
    HistoryPart,
    message_ids,
    transaction_from_row,
)
from sync.connectors.rt_convert import ASSET_READ, asset_from_json, ticket_from_json
from sync.errors import BadReplyError
from sync.report import Cancelled

# Tickets per batch: one page of the ticket listing; the longest URL (the
# attachment search, ≈3.9 KB) stays well within the 8 KB request line web
# servers accept by default.
TICKETS_PER_BATCH = PAGE_SIZE
TICKET_FIELDS = (
    "Subject,Status,Priority,Owner,Due,LastUpdated,Created,Queue,Requestor,Cc,AdminCc,"
    "TimeWorked,CustomFields"
)
# Tickets named in one asset search: each ReferredToBy is a join, and RT on SQLite
# answers a search of 64 or more with nothing at all (SQLite joins at most 64 tables):
# a batch of a hundred tickets came down with no equipment, and lost what it had.
LINKS_PER_QUERY = 30
# Outgoing-mail records: not history, but they count for the ETag.
MAIL_RECORDS = frozenset({"EmailRecord", "CommentEmailRecord"})
# Each step's share of a batch's time, in the order the batch takes them.
STEP_SHARES: tuple[tuple[FetchStep, float], ...] = (
    ("details", 0.10),
    ("history", 0.50),
    ("attachments", 0.35),
    ("equipment", 0.05),
)
# New history rows a ticket is taken to have until its pages tell (RT gives no total).
ROWS_PER_TICKET = 10


class TicketBatchPart(HistoryPart):
    def fetch_tickets(
        self,
        after_txns: dict[int, int],
        progress: Callable[[BatchProgress], None] | None = None,
    ) -> TicketBatch:
        """Tickets by id, each with its history after ``after_txns[id]`` and its equipment."""
        ids = sorted(after_txns)
        pulled: list[PulledTicket] = []
        unread: list[int] = []
        meter = BatchMeter(progress)
        for start in range(0, len(ids), TICKETS_PER_BATCH):
            chunk = {i: after_txns[i] for i in ids[start : start + TICKETS_PER_BATCH]}
            meter.next_tickets(start, len(chunk))
            batch = self._fetch_batch(chunk, meter)
            pulled += batch.pulled
            unread += batch.unread
        return TicketBatch(pulled, unread)

    def _fetch_batch(self, after_txns: dict[int, int], meter: BatchMeter) -> TicketBatch:
        tickets, read_at, unread = self._listed_tickets(list(after_txns))
        if not tickets:
            return TicketBatch([], unread)
        rows = self._history_rows({t: after_txns[t] for t in tickets}, meter)
        history_rows = {t: [r for r in rows[t] if r.get("Type") not in MAIL_RECORDS] for t in rows}
        txn_ids = sorted(set().union(*map(message_ids, history_rows.values())))
        meter.at("attachments", 0.0)

        def parts_read(done: int) -> None:
            meter.at("attachments", done / len(txn_ids))
            self._check_cancel()

        parts = self.message_parts_of(txn_ids, between=parts_read)
        meter.at("equipment", 0.0)
        assets = self._assets(list(tickets))
        names = self.field_names_for([r for ticket_rows in rows.values() for r in ticket_rows])
        pulled: list[PulledTicket] = []
        for ticket_id, ticket in tickets.items():
            etag = reflected_etag(ticket, rows.get(ticket_id, []), after_txns[ticket_id], read_at)
            if etag is None:
                unread.append(ticket_id)
                continue
            history = [
                transaction_from_row(r, ticket_id, parts, names) for r in history_rows[ticket_id]
            ]
            pulled.append(
                PulledTicket(
                    dataclasses.replace(ticket, etag=str(etag)), history, assets[ticket_id]
                )
            )
        return TicketBatch(pulled, sorted(unread))

    def _listed_tickets(
        self, ids: list[int]
    ) -> tuple[dict[int, RemoteTicket], str | None, list[int]]:
        """The tickets the listing returns, when it answered, and the ids it did not return."""
        reply = self.http.get(
            "tickets",
            {
                "query": " OR ".join(f"id = {int(i)}" for i in ids),
                "fields": TICKET_FIELDS,
                "per_page": PAGE_SIZE,
                "orderby": "id",
            },
        )
        read_at = http_date(reply.headers.get("Date"))
        tickets: dict[int, RemoteTicket] = {}
        for item in page_items(reply.body):
            try:
                ticket = ticket_from_json(item, None)
            except BadReplyError:
                continue  # the ticket-by-ticket path says what is wrong with it
            if ticket.id in ids:
                tickets[ticket.id] = ticket
        return tickets, read_at, [i for i in ids if i not in tickets]

    def _history_rows(
        self, after_txns: dict[int, int], meter: BatchMeter
    ) -> dict[int, list[dict[str, Any]]]:
        """Every visible transaction of these tickets after each one's mark, oldest first.

        One search, each ticket bounded by its own mark (``history_query``): a
        ticket read from far back no longer drags the whole new history of the
        others down with it (a mail loop's thousands of rows on every sync that
        touched any other visit).  Paged until an empty page (RT drops the rows
        the user may not see after cutting a page); between pages the batch tells
        how far it has come, and a cancelled run stops once a page's worth has come.
        """
        items: list[dict[str, Any]] = []
        guess = ROWS_PER_TICKET * len(after_txns)
        meter.at("history", 0.0)
        for query in history_queries(after_txns):

            def page_read(so_far: int, before: int = len(items)) -> None:
                rows = before + so_far
                meter.at("history", rows / (rows + guess))
                self._cancel_once_long(so_far)

            found, _ = self.all_pages_dated(
                "transactions",
                {"query": query, "fields": HISTORY_FIELDS, "orderby": "id"},
                until_empty=True,
                between_pages=page_read,
            )
            items += found
        rows: dict[int, list[dict[str, Any]]] = {t: [] for t in after_txns}
        for item in sorted(items, key=lambda row: int(row["id"])):
            ticket_id = int(item.get("ObjectId") or 0)
            if ticket_id in rows and int(item["id"]) > after_txns[ticket_id]:
                rows[ticket_id].append(item)
        return rows

    def _cancel_once_long(self, items_so_far: int) -> None:
        if items_so_far >= PAGE_SIZE:  # a long history (pages may come back short)
            self._check_cancel()

    def _check_cancel(self) -> None:
        """The run's Cancel (``set_run_limits``), heard within a long batch.

        Only where much is left (between the pages of a history search once it
        has brought a page's worth, between message searches of 300
        transactions): a batch keeps nothing until it returns, so a short one is
        finished and kept rather than thrown away.
        """
        if self.http.cancel.is_set():
            raise Cancelled

    def _assets(self, ticket_ids: list[int]) -> dict[int, list[RemoteAsset]]:
        """The equipment each ticket refers to, by the assets' links back to the tickets."""
        found: dict[int, list[RemoteAsset]] = defaultdict(list)
        assets: dict[int, RemoteAsset] = {}  # one asset of tickets in two searches: once
        for start in range(0, len(ticket_ids), LINKS_PER_QUERY):
            named = ticket_ids[start : start + LINKS_PER_QUERY]
            items = self.all_pages(
                "assets",
                # The fields every asset read asks for (its links back to tickets among them).
                {"query": " OR ".join(f"ReferredToBy = {int(t)}" for t in named), **ASSET_READ},
            )
            assets |= {asset.id: asset for asset in map(asset_from_json, items)}
        for asset in assets.values():
            for ticket_id in asset.ticket_ids:
                if ticket_id in ticket_ids:
                    found[ticket_id].append(asset)
        return found


class BatchMeter:
    """How far ``fetch_tickets`` has come, in tickets: the steps done so far weighed
    by their share of a batch's time (``STEP_SHARES``), told to ``progress``.

    Never backwards, and short of the tickets being read until the next ones start
    (nothing is theirs until the batch returns).
    """

    def __init__(self, progress: Callable[[BatchProgress], None] | None) -> None:
        self.progress = progress
        self.told = 0
        self.start = self.size = 0

    def next_tickets(self, start: int, size: int) -> None:
        """The tickets from ``start`` on (``size`` of them) are read now."""
        self.start, self.size = start, size
        self.at("details", 0.0)

    def at(self, step: FetchStep, fraction: float) -> None:
        """``step`` of the tickets being read is ``fraction`` (0..1) done."""
        if self.progress is None:
            return
        steps = [name for name, _ in STEP_SHARES]
        before = sum(share for _, share in STEP_SHARES[: steps.index(step)])
        share = dict(STEP_SHARES)[step] * min(max(fraction, 0.0), 1.0)
        done = self.start + min(int(self.size * (before + share)), self.size - 1)
        self.told = max(self.told, done)
        self.progress(BatchProgress(self.told, step))


def history_queries(after_txns: Mapping[int, int]) -> list[str]:
    """``history_query`` of these tickets, in as few searches as fit a URL (one for a
    hundred tickets up to seven-digit ticket and eight-digit transaction ids)."""
    query = history_query(after_txns)
    if len(after_txns) < 2 or len(quote_plus(query)) <= QUERY_BUDGET:
        return [query]
    by_mark = sorted(after_txns, key=lambda t: (after_txns[t], t))  # each half its own floor
    half = len(by_mark) // 2
    return [
        *history_queries({t: after_txns[t] for t in by_mark[:half]}),
        *history_queries({t: after_txns[t] for t in by_mark[half:]}),
    ]


def history_query(after_txns: Mapping[int, int]) -> str:
    """TransactionSQL for every transaction of these tickets after each one's own mark.

    ``ObjectType='RT::Ticket' AND (ObjectId=a OR …) AND id>lowest mark`` and, when
    the marks differ, ``AND (ObjectId=a OR (ObjectId=b AND id>n) OR …)`` bounding
    each ticket read from later on by its own mark.  RT 5.0.3 answers this exactly
    for a hundred tickets (SQLite and PostgreSQL, checked row for row against each
    ticket's own search).  The plain list and the lowest mark are for RT's
    database: RT never analyzes its SQLite file, and without them SQLite reads
    every ticket transaction RT holds for each page (≈0.6 s at 600 000 rows);
    with them it goes by the ticket index (≈7 ms).
    """
    floor = min(after_txns.values(), default=0)
    tickets = " OR ".join(f"ObjectId={int(t)}" for t in sorted(after_txns))
    query = f"ObjectType='RT::Ticket' AND ({tickets}) AND id>{int(floor)}"
    if all(mark <= floor for mark in after_txns.values()):
        return query
    marks = " OR ".join(
        f"(ObjectId={int(t)} AND id>{int(mark)})" if mark > floor else f"ObjectId={int(t)}"
        for t, mark in sorted(after_txns.items())
    )
    return f"{query} AND ({marks})"


def reflected_etag(
    ticket: RemoteTicket, rows: list[dict[str, Any]], after_txn: int, read_at: str | None
) -> int | None:
    """The newest transaction the listed fields reflect (None: cannot tell, ask the ticket).

    A transaction stamped after the ticket's LastUpdated came after the listing;
    one in the same second only counts when that second was over before the
    listing answered (RT stamps to the second).
    """
    settled = ticket.last_updated < read_at if read_at is not None else False
    seen = [
        int(r["id"])
        for r in rows
        if str(r.get("Created") or "") < ticket.last_updated
        or (settled and str(r.get("Created") or "") == ticket.last_updated)
    ]
    newest = max([*seen, after_txn])
    return newest or None
