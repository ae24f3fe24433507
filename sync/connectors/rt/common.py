"""What every part of the RT connector shares: names the admin kit creates, paging, replies."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import quote, quote_plus

from sync.connectors.rt_http import RTHttp
from sync.connectors.rt_refusals import (
    Action,
    home_missing,
    invalid_value,
    is_permission_refusal,
    no_right,
)
from sync.errors import (
    AdminKitMissing,
    BadReplyError,
    NotFoundError,
    RejectedError,
    RetryableError,
)

FIELD_QUEUE = "Field Service"
KB_CLASS = "Field KB"
CHECKLIST_CLASS = "Field Checklists"
WIPE_FIELD = "FieldDesk Wipe"  # the admin kit's user field that asks for a remote wipe
TECHNICIANS_GROUP = "Field Technicians"
SUPERVISORS_GROUP = "Field Supervisors"  # mailed an escalation (``WatchersPart``)
# What a replica holds: a technician's own tickets, or (a supervisor, for the
# dispatch board) every ticket of the field queue that is still to be done.
Scope = Literal["owned", "queue"]
TICKET_FIELDS = (
    "Site",
    "Address",
    "Contact",
    "Visit Start",
    "Visit End",
    "Parts Used",
    "Client Ticket Id",
)
TRANSACTION_FIELDS = ("Client Request Id",)
PAGE_SIZE = 100  # RT caps per_page at 100 silently
# A search's query, URL-encoded, at most: with the path and the other parameters the
# request line stays under 7.3 KB, within the 8 KB web servers accept by default
# (Apache's LimitRequestLine, nginx's large_client_header_buffers).
QUERY_BUDGET = 7000
# What naming sites or assets may take of that: the rest of a query (queue, dates) is short.
ANY_OF_BUDGET = QUERY_BUDGET - 1000


def ticket_sql_quote(value: str) -> str:
    """A TicketSQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def any_of(terms: list[str], most: int) -> list[str]:
    """``(a OR b OR …)`` clauses that together name every term: each at most ``most``
    terms and ``ANY_OF_BUDGET`` characters URL-encoded, so that a search naming them
    fits a web server's request line whatever the names (thirty sites of forty Greek
    letters each take 8 KB).  A term longer than that alone still gets its own clause."""
    clauses: list[list[str]] = []
    length = 0
    for term in terms:
        cost = len(quote_plus(term)) + len(quote_plus(" OR "))
        if not clauses or len(clauses[-1]) >= most or length + cost > ANY_OF_BUDGET:
            clauses.append([])
            length = 0
        clauses[-1].append(term)
        length += cost
    return ["(" + " OR ".join(clause) + ")" for clause in clauses]


class RTResource:
    """The state every resource part of the connector works with."""

    def __init__(
        self,
        http: RTHttp,
        *,
        timezone: str = "UTC",
        kb_class_id: int | None = None,
        scope: Scope = "owned",
        keep_resolved_days: int | None = None,
    ) -> None:
        self.http = http
        self.scope = scope
        # Resolved visits older than this are out of scope (sync.retention); None: all.
        self.keep_resolved_days = keep_resolved_days
        # RT reads TicketSQL dates in the requesting user's time zone.
        self.timezone = timezone
        self._class_id = kb_class_id  # remembered by the session: one request less per sync
        self._client_ids: bool | None = None
        self._custom_field_ids: dict[str, str] | None = None  # RT's id -> name

    @property
    def request_count(self) -> int:
        return self.http.request_count

    def admin_kit_problems(self) -> list[str]:
        """What FieldDesk needs from the admin kit that this helpdesk lacks."""
        try:
            queue = self.http.get(f"queue/{quote(FIELD_QUEUE, safe='')}").body
        except NotFoundError:
            # Known for the run: not asked again at each ticket whose history needs it.
            self._custom_field_ids, self._client_ids = {}, False
            return [f"the queue '{FIELD_QUEUE}' is missing or not visible to you"]
        names = {cf_name(cf) for cf in queue.get("TicketCustomFields", [])}
        self._custom_field_ids = {
            str(cf.get("id")): cf_name(cf)
            for cf in queue.get("TicketCustomFields", [])
            if isinstance(cf, dict)
        }
        txn_names = {cf_name(cf) for cf in queue.get("TicketTransactionCustomFields", [])}
        problems = [f"ticket custom field '{n}'" for n in TICKET_FIELDS if n not in names]
        problems += [
            f"transaction custom field '{n}'" for n in TRANSACTION_FIELDS if n not in txn_names
        ]
        self._client_ids = "Client Request Id" in txn_names and "Client Ticket Id" in names
        return problems

    def require_admin_kit(self) -> None:
        problems = self.admin_kit_problems()
        if problems:
            raise AdminKitMissing(
                "the helpdesk lacks what FieldDesk needs (load the FieldDesk admin kit): "
                + ", ".join(problems)
            )

    def supports_client_ids(self) -> bool:
        if self._client_ids is None:
            self.admin_kit_problems()
        return bool(self._client_ids)

    def custom_field_names(self) -> dict[str, str]:
        """{RT's id: name} of the field queue's ticket custom fields (asked once)."""
        if self._custom_field_ids is None:
            self.admin_kit_problems()
        return self._custom_field_ids or {}

    def set_run_limits(self, deadline: float | None, cancel: threading.Event) -> None:
        self.http.set_run_limits(deadline, cancel)

    def search_tickets(self, query: str, fields: str) -> list[dict[str, Any]]:
        """All tickets matching TicketSQL, page by page (for listings that do not change)."""
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.http.get(
                "tickets",
                {
                    "query": query,
                    "fields": fields,
                    "per_page": PAGE_SIZE,
                    "page": page,
                    "orderby": "id",
                },
            ).body
            batch = page_items(body)
            items.extend(batch)
            if not batch or not body.get("next_page"):
                return items
            page += 1

    def all_pages(
        self,
        path: str,
        params: dict[str, Any],
        *,
        asked_for: Callable[[dict[str, Any]], bool] | None = None,
    ) -> list[dict[str, Any]]:
        """Every item of a non-ticket collection.

        Such collections give no total to non-superusers: page until empty.
        ``asked_for``: the items the query names; a page with any other item means
        RT ignored the query (a field a non-administrator may not search on), so it
        is the last page read: paging on would read the whole collection.
        """
        return self.all_pages_dated(path, params, asked_for=asked_for)[0]

    def all_pages_dated(
        self,
        path: str,
        params: dict[str, Any],
        *,
        until_empty: bool = False,
        asked_for: Callable[[dict[str, Any]], bool] | None = None,
        between_pages: Callable[[int], None] | None = None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """``all_pages`` and the server's clock when the first page answered.

        ``until_empty``: RT drops the rows the user may not see from a page
        after cutting it (e.g. outgoing-mail records in a transaction search),
        so a short page is not the last one; only an empty page is.
        ``between_pages``: called with the number of items so far before each
        next page is asked for (a long listing may stop there: Cancelled).
        """
        items: list[dict[str, Any]] = []
        server_time: str | None = None
        page = 1
        while True:
            reply = self.http.get(path, {**params, "per_page": PAGE_SIZE, "page": page})
            server_time = server_time or http_date(reply.headers.get("Date"))
            batch = page_items(reply.body)
            kept = batch if asked_for is None else [i for i in batch if asked_for(i)]
            items.extend(kept)
            if not batch or (len(batch) < PAGE_SIZE and not until_empty) or len(kept) < len(batch):
                return items, server_time
            if between_pages is not None:
                between_pages(len(items))
            page += 1


def http_date(value: str | None) -> str | None:
    """An HTTP Date header as ISO UTC (None if absent or unreadable)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None


def page_items(body: Any) -> list[dict[str, Any]]:
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise BadReplyError("the helpdesk sent a list we cannot read")
    return items


def cf_name(cf: Any) -> str:
    return str(cf.get("name", "")) if isinstance(cf, dict) else ""


def ref(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def text_or_none(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def id_from_location(location: str | None) -> int:
    match = re.search(r"/(\d+)/?$", location or "")
    if match is None:
        raise BadReplyError("the helpdesk did not say where it stored the note")
    return int(match.group(1))


def explain_create(
    action: Action,
    detail: str = "",
    *,
    home: tuple[RTHttp, str, str] | None = None,
) -> Callable[[RejectedError], RejectedError]:
    """A refused change that is not about one ticket: a missing right, or a bad value.

    ``home``: (the connection, "queue" / "catalog" / "class", its name) the change goes
    into.  RT refuses a create into a disabled or renamed one as it refuses a missing
    right, so after such a refusal one GET of it by name tells which (``home_usable``).
    """

    def explain(error: RejectedError) -> RejectedError:
        if not is_permission_refusal(error):
            return invalid_value(error)
        if home is not None and not home_usable(*home):
            return home_missing(home[1], home[2])
        return no_right(action, detail)

    return explain


def home_usable(http: RTHttp, kind: str, name: str) -> bool:
    """Whether the queue, catalog or class ``name`` is there and enabled, as far as the
    helpdesk says now (True when it cannot say: the refusal is then told as a right).

    RT answers 403 for a name it does not know, as for one hidden from the user; the
    admin kit's are visible to its technicians, so either way it is not usable."""
    try:
        body: Any = http.get(f"{kind}/{quote(name, safe='')}").body
    except NotFoundError:
        return False
    except (RetryableError, RejectedError):
        return True
    return not (isinstance(body, dict) and str(body.get("Disabled", "0")) not in ("", "0"))
