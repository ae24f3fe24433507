"""The Request Tracker 5 connector: FieldDesk's view of RT's REST2 API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sync.connectors.rt_http import RTHttp
from sync.errors import AdminKitMissing, AuthError, BadReplyError, NotFoundError

FIELD_QUEUE = "Field Service"
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


@dataclass(frozen=True)
class RemoteUser:
    id: int
    name: str
    real_name: str
    email: str


def ticket_sql_quote(value: str) -> str:
    """A TicketSQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class RTConnector:
    def __init__(self, http: RTHttp) -> None:
        self.http = http

    @property
    def request_count(self) -> int:
        return self.http.request_count

    def current_user(self) -> RemoteUser:
        """Check the credentials and return who they belong to."""
        user = self.http.credentials.user
        try:
            body = self.http.get(f"user/{quote(user, safe='')}").body
        except NotFoundError:
            raise AuthError(f"the helpdesk has no user named '{user}'") from None
        # RT shows the full record (with Memberships) only to the user
        # themselves: a token of someone else gives the summary.
        if not isinstance(body, dict) or "Memberships" not in body:
            raise AuthError(f"these credentials do not belong to the user '{user}'")
        try:
            return RemoteUser(
                id=int(body["id"]),
                name=str(body["Name"]),
                real_name=str(body.get("RealName") or body["Name"]),
                email=str(body.get("EmailAddress") or ""),
            )
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk sent a user record we cannot read") from None

    def admin_kit_problems(self) -> list[str]:
        """What FieldDesk needs from the admin kit that this helpdesk lacks."""
        try:
            queue = self.http.get(f"queue/{quote(FIELD_QUEUE, safe='')}").body
        except NotFoundError:
            return [f"the queue '{FIELD_QUEUE}' is missing or not visible to you"]
        names = {_name(cf) for cf in queue.get("TicketCustomFields", [])}
        txn_names = {_name(cf) for cf in queue.get("TicketTransactionCustomFields", [])}
        problems = [f"ticket custom field '{n}'" for n in TICKET_FIELDS if n not in names]
        problems += [
            f"transaction custom field '{n}'" for n in TRANSACTION_FIELDS if n not in txn_names
        ]
        return problems

    def require_admin_kit(self) -> None:
        problems = self.admin_kit_problems()
        if problems:
            raise AdminKitMissing(
                "the helpdesk lacks what FieldDesk needs (load the FieldDesk admin kit): "
                + ", ".join(problems)
            )

    def search_tickets(self, query: str, fields: str) -> list[dict[str, Any]]:
        """All tickets matching TicketSQL, page by page."""
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
            batch = body.get("items") if isinstance(body, dict) else None
            if not isinstance(batch, list):
                raise BadReplyError("the helpdesk sent a ticket list we cannot read")
            items.extend(batch)
            if not batch or not body.get("next_page"):
                return items
            page += 1


def _name(cf: Any) -> str:
    return str(cf.get("name", "")) if isinstance(cf, dict) else ""
