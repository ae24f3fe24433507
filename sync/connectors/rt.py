"""The Request Tracker 5 connector: FieldDesk's view of RT's REST2 API."""

from __future__ import annotations

import base64
import contextlib
import json
import re
from collections.abc import Callable
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from sync.connectors.base import (
    ChangedTickets,
    NewArticleRequest,
    NewTicketRequest,
    NoteRequest,
    RelatedTicket,
    RelatedTickets,
    RemoteArticle,
    RemoteAsset,
    RemoteTicket,
    RemoteTransaction,
    RemoteUser,
    TicketStamp,
)
from sync.connectors.rt_convert import (
    article_from_json,
    asset_from_json,
    attachment_from_json,
    custom_field_values,
    decode_attachment,
    next_second,
    rt_date,
    served_date,
    ticket_from_json,
    update_body,
)
from sync.connectors.rt_http import RTHttp
from sync.connectors.rt_refusals import (
    COMMENT,
    CREATE_ARTICLE,
    CREATE_TICKET,
    MODIFY,
    MODIFY_ASSET,
    REPLY,
    Action,
    explain_ticket_refusal,
    invalid_value,
    is_permission_refusal,
    named_refusals,
    no_right,
)
from sync.errors import AdminKitMissing, AuthError, BadReplyError, NotFoundError, RejectedError

FIELD_QUEUE = "Field Service"
KB_CLASS = "Field KB"
TECHNICIANS_GROUP = "Field Technicians"
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
INCREMENTAL_MESSAGES = 3  # up to this many new messages are fetched one by one
MESSAGE_TYPES = frozenset({"Create", "Comment", "Correspond"})
HISTORY_FIELDS = "Type,Created,Creator,Field,OldValue,NewValue,TimeTaken,ObjectId"
ATTACHMENT_FIELDS = "TransactionId,ContentType,Filename,ContentLength,Content"
# RT answers a PUT with 200 and one message per field, failures included.
FAILED_CHANGE = re.compile(
    r"isn't a valid|not a valid|permission denied|you can't|couldn't|invalid|illegal|must be"
    r"|does not exist|may not",
    re.IGNORECASE,
)


def ticket_sql_quote(value: str) -> str:
    """A TicketSQL string literal."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class RTConnector:
    def __init__(
        self,
        http: RTHttp,
        *,
        timezone: str = "UTC",
        kb_class_id: int | None = None,
        scope: Scope = "owned",
    ) -> None:
        self.http = http
        self.scope = scope
        # RT reads TicketSQL dates in the requesting user's time zone.
        self.timezone = timezone
        self._class_id = kb_class_id  # remembered by the session: one request less per sync
        self._client_ids: bool | None = None

    @property
    def request_count(self) -> int:
        return self.http.request_count

    # -- sign-in -------------------------------------------------------------
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
                timezone=str(body.get("Timezone") or self.timezone),
            )
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk sent a user record we cannot read") from None

    def write_path_warning(self) -> str | None:
        """Make a change that changes nothing, so that refused changes show at sign-in.

        Only a password sign-in can be refused as a forgery (see RTHttp); a
        refusal the password cannot get past raises CsrfRefused.  Returns what
        the user should know when changes will work, but at a cost.
        """
        if self.http.credentials.password is None:
            return None
        # A refusal here is past the forgery check: the account may not edit itself.
        with contextlib.suppress(RejectedError):
            self.http.put(f"user/{quote(self.http.user, safe='')}", {})
        if not self.http.writes_need_password:
            return None
        host = urlsplit(self.http.base_url).netloc
        return (
            f"the helpdesk knows itself by another address than {host}, so each change "
            "you send carries your password and costs the server a password check. Ask "
            f"the RT administrator to add '{host}' to @ReferrerWhitelist, or sign in "
            "with a token"
        )

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

    # -- reading tickets -------------------------------------------------------
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
            batch = _items(body)
            items.extend(batch)
            if not batch or not body.get("next_page"):
                return items
            page += 1

    def scope_query(self) -> str:
        """TicketSQL for the tickets this replica holds."""
        if self.scope == "queue":
            return f"Queue = {ticket_sql_quote(FIELD_QUEUE)} AND Status = '__Active__'"
        return "Owner='__CurrentUser__'"

    def owned_ticket_ids(self) -> set[int]:
        """Ids of every ticket in scope (owned, or the field queue's for a supervisor)."""
        return {int(t["id"]) for t in self.search_tickets(self.scope_query(), "id")}

    def changed_tickets(self, since: str | None, after_id: int) -> ChangedTickets:
        """Tickets in scope updated after the keyset cursor (since, after_id).

        ``since`` is RT's served UTC form.  Paging is by keyset, never by
        page number: numbered pages skip rows while tickets change.
        """
        stamps: list[TicketStamp] = []
        server_time: str | None = None
        cursor = (since, after_id)
        while True:
            query = self.scope_query()
            if cursor[0] is not None:
                query = f"({query})"
                local = rt_date(cursor[0], self.timezone)
                query += (
                    f" AND (LastUpdated > '{local}' OR (LastUpdated >= '{local}'"
                    f" AND LastUpdated < '{next_second(local)}' AND id > {int(cursor[1])}))"
                )
            reply = self.http.get(
                "tickets",
                [
                    ("query", query),
                    ("fields", "LastUpdated"),
                    ("per_page", PAGE_SIZE),
                    ("orderby", "LastUpdated"),
                    ("orderby", "id"),
                    ("order", "ASC"),
                    ("order", "ASC"),
                ],
            )
            server_time = server_time or http_date(reply.headers.get("Date"))
            batch = [TicketStamp(int(t["id"]), str(t["LastUpdated"])) for t in _items(reply.body)]
            stamps.extend(batch)
            if len(batch) < PAGE_SIZE:
                return ChangedTickets(stamps, server_time)
            cursor = (batch[-1].last_updated, batch[-1].id)

    def fetch_ticket(self, ticket_id: int) -> RemoteTicket:
        reply = self.http.get(f"ticket/{int(ticket_id)}")
        return ticket_from_json(reply.body, reply.headers.get("ETag"))

    def fetch_history(self, ticket_id: int, after_txn: int) -> list[RemoteTransaction]:
        query = (
            f"ObjectType='RT::Ticket' AND ObjectId={int(ticket_id)} AND id > {int(after_txn)}"
            " AND Type != 'EmailRecord' AND Type != 'CommentEmailRecord'"
        )
        rows = self._all_pages("transactions", {"query": query, "fields": HISTORY_FIELDS})
        rows.sort(key=lambda row: int(row["id"]))
        parts = self._message_parts(ticket_id, rows, first_time=after_txn == 0)
        history = []
        for row in rows:
            txn_id = int(row["id"])
            body, body_type, files = parts.get(txn_id, (None, None, []))
            history.append(
                RemoteTransaction(
                    id=txn_id,
                    ticket_id=int(ticket_id),
                    type=str(row.get("Type") or ""),
                    created=str(row.get("Created") or ""),
                    creator=str(_ref(row.get("Creator"))),
                    field=_text_or_none(row.get("Field")),
                    old_value=_text_or_none(row.get("OldValue")),
                    new_value=_text_or_none(row.get("NewValue")),
                    time_taken=int(row.get("TimeTaken") or 0),
                    body=body,
                    body_type=body_type,
                    attachments=files,
                )
            )
        return history

    def _message_parts(
        self, ticket_id: int, rows: list[dict[str, Any]], *, first_time: bool
    ) -> dict[int, tuple[str | None, str | None, list[Any]]]:
        """Bodies and files of the message transactions among rows (one listing)."""
        wanted = {int(r["id"]) for r in rows if r.get("Type") in MESSAGE_TYPES}
        if not wanted:
            return {}
        if not first_time and len(wanted) <= INCREMENTAL_MESSAGES:
            # A few new messages: their own parts only, not every file the
            # ticket ever had (a photo would come down again with each note).
            items = [
                item
                for txn_id in sorted(wanted)
                for item in self._all_pages(
                    f"transaction/{txn_id}/attachments", {"fields": ATTACHMENT_FIELDS}
                )
            ]
        else:
            items = self._all_pages(
                f"ticket/{int(ticket_id)}/attachments", {"fields": ATTACHMENT_FIELDS}
            )
        parts: dict[int, tuple[str | None, str | None, list[Any]]] = {}
        for item in items:
            attachment = attachment_from_json(item)
            if attachment.transaction_id not in wanted:
                continue
            body, body_type, files = parts.get(attachment.transaction_id, (None, None, []))
            is_body = not attachment.filename and attachment.content_type in (
                "text/plain",
                "text/html",
            )
            if is_body and body is None and attachment.content is not None:
                body, body_type = (
                    attachment.content.decode("utf-8", "replace"),
                    attachment.content_type,
                )
            elif attachment.filename:
                files.append(attachment)
            parts[attachment.transaction_id] = (body, body_type, files)
        return parts

    def fetch_assets(self, ticket_id: int) -> list[RemoteAsset]:
        items = self._all_pages(
            "assets",
            {
                "query": f"ReferredToBy = {int(ticket_id)}",
                "fields": "Name,Catalog,Status,CustomFields,LastUpdated",
            },
        )
        return [asset_from_json(item) for item in items]

    def fetch_attachment(self, attachment_id: int) -> bytes:
        return decode_attachment(self.http.get(f"attachment/{int(attachment_id)}").body)

    # -- writing tickets ---------------------------------------------------------
    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, str | None]) -> None:
        body = update_body(changes, self.timezone)
        with named_refusals(lambda e: explain_ticket_refusal(self.http, ticket_id, MODIFY, e)):
            reply = self.http.put(f"ticket/{int(ticket_id)}", body, if_match=f'"{etag}"')
            _raise_on_failed_messages(reply.body)

    def add_note(self, note: NoteRequest) -> int:
        body: dict[str, Any] = {
            "Content": note.content,
            "ContentType": "text/plain",
            "TimeTaken": str(int(note.time_taken)),
        }
        if self.supports_client_ids():
            body["TxnCustomFields"] = {"Client Request Id": note.client_request_id}
        if note.attachments:
            body["Attachments"] = [
                {
                    "FileName": a.filename,
                    "FileType": a.content_type,
                    "FileContent": base64.b64encode(a.data).decode("ascii"),
                }
                for a in note.attachments
            ]
        kind = "correspond" if note.public else "comment"
        action = REPLY if note.public else COMMENT
        with named_refusals(lambda e: explain_ticket_refusal(self.http, note.ticket_id, action, e)):
            reply = self.http.post(f"ticket/{int(note.ticket_id)}/{kind}", body)
            _raise_on_failed_messages(reply.body)
        return _id_from_location(reply.headers.get("Location"))

    def find_note(self, ticket_id: int, client_request_id: str, content: str) -> int | None:
        """The transaction of a note sent before, if RT has it."""
        if self.supports_client_ids():
            query = f"CF.{{Client Request Id}} = {ticket_sql_quote(client_request_id)}"
            found = _items(
                self.http.get("transactions", {"query": query, "fields": "ObjectId"}).body
            )
            return int(found[0]["id"]) if found else None
        # Without the admin kit's field: our own note with the same text.
        me = self.http.credentials.user
        for txn in reversed(self.fetch_history(ticket_id, 0)):
            if txn.creator == me and txn.body is not None and txn.body.strip() == content.strip():
                return txn.id
        return None

    def create_ticket(self, request: NewTicketRequest) -> int:
        changes: dict[str, str | None] = {k: v for k, v in request.fields.items() if v}
        body = update_body(changes, self.timezone)
        custom = body.setdefault("CustomFields", {})
        if self.supports_client_ids():
            custom["Client Ticket Id"] = request.client_ticket_id
        body.update(
            {
                "Queue": FIELD_QUEUE,
                "Subject": request.subject,
                # A technician must own what they create, or they lose sight of it.
                "Owner": request.owner,
                "Content": request.content,
                "ContentType": "text/plain",
            }
        )
        if request.requestor:
            body["Requestor"] = request.requestor
        with named_refusals(_explain_create(CREATE_TICKET)):
            reply = self.http.post("ticket", body)
        try:
            return int(reply.body["id"])
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk did not say which ticket it created") from None

    def find_ticket(self, client_ticket_id: str) -> int | None:
        query = f"CF.{{Client Ticket Id}} = {ticket_sql_quote(client_ticket_id)}"
        found = self.search_tickets(query, "id")
        return int(found[0]["id"]) if found else None

    # -- the team (dispatch board) ------------------------------------------------
    def technicians_group_id(self) -> int | None:
        """The technicians group, if this user may see it (the admin kit lets supervisors)."""
        found = _items(
            self.http.get(
                "groups",
                {"query": json.dumps([{"field": "Name", "value": TECHNICIANS_GROUP}])},
            ).body
        )
        return int(found[0]["id"]) if found else None

    def group_member_names(self, group_id: int) -> list[str] | None:
        """User names in the group (one request); None if it is gone or hidden from us."""
        try:
            body = self.http.get(f"group/{int(group_id)}").body
        except NotFoundError:
            return None
        members = body.get("Members") if isinstance(body, dict) else None
        return [
            str(m.get("id"))
            for m in members or []
            if isinstance(m, dict) and m.get("type") == "user"
        ]

    def users(self, names: list[str]) -> list[RemoteUser]:
        """Details of the named enabled users (one request per 100)."""
        if not names:
            return []
        query = [{"field": "Name", "value": n, "entry_aggregator": "OR"} for n in names]
        items = self._all_pages(
            "users",
            {"query": json.dumps(query), "fields": "Name,RealName,EmailAddress,Timezone"},
        )
        return [
            RemoteUser(
                id=0,  # the listing gives names, not numbers; FieldDesk needs only names
                name=str(item.get("Name") or item.get("id")),
                real_name=str(item.get("RealName") or item.get("Name") or item.get("id")),
                email=str(item.get("EmailAddress") or ""),
                timezone=str(item.get("Timezone") or "UTC"),
            )
            for item in items
        ]

    # -- knowledge base and assets -------------------------------------------------
    @property
    def known_class_id(self) -> int | None:
        return self._class_id

    def class_id(self) -> int:
        if self._class_id is None:
            try:
                body = self.http.get(f"class/{quote(KB_CLASS, safe='')}").body
                self._class_id = int(body["id"])
            except NotFoundError:
                raise AdminKitMissing(f"the article class '{KB_CLASS}' is missing") from None
            except (KeyError, TypeError, ValueError):
                raise BadReplyError("the helpdesk sent a class we cannot read") from None
        return self._class_id

    def changed_articles(self, since: str | None) -> list[RemoteArticle]:
        query: list[dict[str, Any]] = [{"field": "Class", "value": self.class_id()}]
        if since is not None:
            # Article dates compare as raw UTC text.  Strictly after: the
            # engine only ever sets the cursor to a second that is over.
            query.append({"field": "LastUpdated", "operator": ">", "value": rt_date(since, "UTC")})
        items = self._all_pages(
            "articles",
            {
                "query": json.dumps(query),
                "fields": "Name,Summary,LastUpdated,CustomFields,Disabled",
                "find_disabled_rows": 1,
            },
        )
        return [article_from_json(item) for item in items]

    def create_article(self, request: NewArticleRequest) -> int:
        class_id = self.class_id()
        with named_refusals(_explain_create(CREATE_ARTICLE)):
            reply = self.http.post(
                "article",
                {
                    "Class": class_id,
                    "Name": request.name,
                    "Summary": request.summary,
                    "CustomFields": {"Content": request.content},
                },
            )
        try:
            return int(reply.body["id"])
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk did not say which article it created") from None

    def find_article(self, name: str) -> int | None:
        query = [
            {"field": "Class", "value": self.class_id()},
            {"field": "Name", "value": name},
        ]
        found = _items(self.http.get("articles", {"query": json.dumps(query)}).body)
        return int(found[0]["id"]) if found else None

    def update_asset_serial(self, asset_id: int, serial: str) -> None:
        with named_refusals(_explain_create(MODIFY_ASSET, f"asset {asset_id}")):
            reply = self.http.put(
                f"asset/{int(asset_id)}", {"CustomFields": {"Serial Number": serial}}
            )
            _raise_on_failed_messages(reply.body)

    # -- other tickets at the technician's sites ---------------------------------------
    def related_tickets(
        self,
        sites: list[str],
        asset_ids: list[int],
        created_after: str,
        updated_after: str | None,
    ) -> RelatedTickets:
        """Field-queue tickets at these sites or referring to these assets.

        Created after ``created_after``; with ``updated_after``, only those
        changed since (inclusive: a change in that very second comes again,
        which is harmless for read-only context).  One listing, paged.
        """
        matches = [f"CF.{{Site}} = {ticket_sql_quote(site)}" for site in sites]
        matches += [f"RefersTo = 'asset:{int(asset_id)}'" for asset_id in asset_ids]
        if not matches:
            return RelatedTickets([], None)
        query = (
            f"Queue = {ticket_sql_quote(FIELD_QUEUE)}"
            f" AND Created > '{rt_date(created_after, self.timezone)}'"
            f" AND ({' OR '.join(matches)})"
        )
        if updated_after is not None:
            query += f" AND LastUpdated >= '{rt_date(updated_after, self.timezone)}'"
        tickets: list[RelatedTicket] = []
        server_time: str | None = None
        page = 1
        while True:
            reply = self.http.get(
                "tickets",
                {
                    "query": query,
                    "fields": "Subject,Status,Owner,Created,LastUpdated,CustomFields",
                    "per_page": PAGE_SIZE,
                    "page": page,
                    "orderby": "id",
                },
            )
            server_time = server_time or http_date(reply.headers.get("Date"))
            batch = _items(reply.body)
            tickets += [_related_from_json(item) for item in batch]
            if not batch or not reply.body.get("next_page"):
                return RelatedTickets(tickets, server_time)
            page += 1

    # -- helpers -------------------------------------------------------------------
    def _all_pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Every item of a non-ticket collection.

        Such collections give no total to non-superusers: page until empty.
        """
        items: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.http.get(path, {**params, "per_page": PAGE_SIZE, "page": page}).body
            batch = _items(body)
            items.extend(batch)
            if len(batch) < PAGE_SIZE:
                return items
            page += 1


def http_date(value: str | None) -> str | None:
    """An HTTP Date header as ISO UTC (None if absent or unreadable)."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return None


def _related_from_json(item: dict[str, Any]) -> RelatedTicket:
    cfs = custom_field_values(item)
    try:
        return RelatedTicket(
            id=int(item["id"]),
            subject=str(item.get("Subject") or ""),
            status=str(item.get("Status") or ""),
            owner=_owner_name(item.get("Owner")),
            site=cfs.get("Site"),
            created=str(item.get("Created") or ""),
            last_updated=str(item.get("LastUpdated") or ""),
            visit_start=served_date(cfs.get("Visit Start")),
        )
    except (KeyError, TypeError, ValueError):
        raise BadReplyError("the helpdesk sent a ticket listing we cannot read") from None


def _owner_name(value: Any) -> str | None:
    name = _ref(value)
    return None if name in (None, "", "Nobody") else str(name)


def _items(body: Any) -> list[dict[str, Any]]:
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise BadReplyError("the helpdesk sent a list we cannot read")
    return items


def _name(cf: Any) -> str:
    return str(cf.get("name", "")) if isinstance(cf, dict) else ""


def _ref(value: Any) -> Any:
    return value.get("id") if isinstance(value, dict) else value


def _text_or_none(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _id_from_location(location: str | None) -> int:
    match = re.search(r"/(\d+)/?$", location or "")
    if match is None:
        raise BadReplyError("the helpdesk did not say where it stored the note")
    return int(match.group(1))


def _explain_create(action: Action, detail: str = "") -> Callable[[RejectedError], RejectedError]:
    """A refused change that is not about one ticket: a missing right, or a bad value."""

    def explain(error: RejectedError) -> RejectedError:
        return no_right(action, detail) if is_permission_refusal(error) else invalid_value(error)

    return explain


def _raise_on_failed_messages(body: Any) -> None:
    messages = body if isinstance(body, list) else []
    failed = [str(m) for m in messages if FAILED_CHANGE.search(str(m))]
    if failed:
        raise RejectedError("; ".join(failed))
