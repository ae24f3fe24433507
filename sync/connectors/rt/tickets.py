"""Tickets: the listings that tell what changed, one ticket, and changing or creating one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sync.connectors.base import (
    ChangedTickets,
    NewTicketRequest,
    RelatedTicket,
    RelatedTickets,
    RemoteTicket,
    TicketStamp,
)
from sync.connectors.rt.common import (
    FIELD_QUEUE,
    PAGE_SIZE,
    any_of,
    explain_create,
    http_date,
    page_items,
    ref,
    ticket_sql_quote,
)
from sync.connectors.rt.taken import TakenPart, refused
from sync.connectors.rt_convert import (
    attachments_json,
    clears_a_custom_field,
    custom_field_values,
    custom_fields_holding,
    next_second,
    rt_since,
    served_date,
    ticket_from_json,
    update_body,
)
from sync.connectors.rt_refusals import (
    CREATE_TICKET,
    MODIFY,
    explain_ticket_refusal,
    named_refusals,
)
from sync.errors import BadReplyError, Cause, RejectedError


class TicketsPart(TakenPart):
    def scope_query(self) -> str:
        """TicketSQL for the tickets this replica holds."""
        if self.scope == "queue":
            return f"Queue = {ticket_sql_quote(FIELD_QUEUE)} AND Status = '__Active__'"
        if self.keep_resolved_days is None:
            return "Owner='__CurrentUser__'"
        # Visits resolved longer ago than IT keeps them never come down again.
        cutoff = datetime.now(UTC) - timedelta(days=self.keep_resolved_days)
        since = rt_since(cutoff.strftime("%Y-%m-%dT%H:%M:%SZ"), self.timezone)
        return f"Owner='__CurrentUser__' AND (Status = '__Active__' OR LastUpdated > '{since}')"

    def owned_ticket_ids(self) -> set[int]:
        """Ids of every ticket in scope (owned, or the field queue's for a supervisor)."""
        return {int(t["id"]) for t in self.search_tickets(self.scope_query(), "id")}

    def changed_tickets(self, since: str | None, after_id: int) -> ChangedTickets:
        """Tickets in scope updated after the keyset cursor (since, after_id),
        with how many tickets the scope holds.

        ``since`` is RT's served UTC form.  One request when fewer than a
        page changed: the scope's newest tickets, newest first, whose total
        is the scope's size.  More than that are paged by keyset, never by
        page number: numbered pages skip rows while tickets change.
        """
        reply = self.http.get(
            "tickets",
            [
                ("query", self.scope_query()),
                ("fields", "LastUpdated"),
                ("per_page", PAGE_SIZE),
                ("orderby", "LastUpdated"),
                ("orderby", "id"),
                ("order", "DESC"),
                ("order", "DESC"),
            ],
        )
        server_time = http_date(reply.headers.get("Date"))
        total = reply.body.get("total") if isinstance(reply.body, dict) else None
        in_scope = total if isinstance(total, int) else None
        newest = _stamps(page_items(reply.body))
        newer = [s for s in newest if since is None or (s.last_updated, s.id) > (since, after_id)]
        if len(newer) < len(newest) or len(newest) < PAGE_SIZE:
            # Oldest first, as the cursor expects (whatever order RT kept within a second).
            newer.sort(key=lambda s: (s.last_updated, s.id))
            return ChangedTickets(newer, server_time, in_scope)
        return ChangedTickets(self._changed_since(since, after_id), server_time, in_scope)

    def _changed_since(self, since: str | None, after_id: int) -> list[TicketStamp]:
        """Every ticket in scope after the cursor, oldest first, by keyset pages."""
        stamps: list[TicketStamp] = []
        cursor = (since, after_id)
        while True:
            query = self.scope_query()
            if cursor[0] is not None:
                query = f"({query})"
                local = rt_since(cursor[0], self.timezone)
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
            batch = _stamps(page_items(reply.body))
            stamps.extend(batch)
            if len(batch) < PAGE_SIZE:
                return stamps
            cursor = (batch[-1].last_updated, batch[-1].id)

    def fetch_ticket(self, ticket_id: int) -> RemoteTicket:
        reply = self.http.get(f"ticket/{int(ticket_id)}")
        return ticket_from_json(reply.body, reply.headers.get("ETag"))

    def update_ticket(self, ticket_id: int, etag: str, changes: dict[str, str | None]) -> None:
        with named_refusals(lambda e: explain_ticket_refusal(self.http, ticket_id, MODIFY, e)):
            holding: set[str] = set()
            if clears_a_custom_field(changes):  # which hold a value decides how to clear
                current = self.http.get(f"ticket/{int(ticket_id)}").body
                holding = custom_fields_holding(current if isinstance(current, dict) else {})
            body = update_body(changes, self.timezone, holding)
            if not body:
                return  # only fields that are empty already: nothing to send
            reply = self.http.put(f"ticket/{int(ticket_id)}", body, if_match=f'"{etag}"')
            untaken, not_shown = self.untaken_ticket_fields(ticket_id, changes, etag)
            if untaken:
                raise refused(untaken, reply.body, not_shown=not_shown)

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
        if request.refers_to is not None:
            # RT drops the link (not the ticket) unless the user may still
            # modify that ticket ($StrictLinkACL); the subject names it anyway.
            body["RefersTo"] = int(request.refers_to)
        if request.time_worked:
            body["TimeWorked"] = int(request.time_worked)
        if request.attachments:
            body["Attachments"] = attachments_json(request.attachments)
        with named_refusals(explain_create(CREATE_TICKET, home=(self.http, "queue", FIELD_QUEUE))):
            reply = self.http.post("ticket", body)
        try:
            return int(reply.body["id"])
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk did not say which ticket it created") from None

    def find_ticket(
        self,
        client_ticket_id: str,
        *,
        subject: str | None = None,
        made_after: str | None = None,
        skip: frozenset[int] = frozenset(),
    ) -> int | None:
        query = f"CF.{{Client Ticket Id}} = {ticket_sql_quote(client_ticket_id)}"
        found = self.search_tickets(query, "id")
        if found:
            return int(found[0]["id"])
        if subject is None or made_after is None:
            return None
        # RT answers a create whatever it does with each field, and drops a custom field
        # the user may not set (the queue's owners lost ModifyCustomField): the ticket
        # is there without its id.  Made again, it would be there twice.  So our own
        # ticket of this subject, made since, with no Client Ticket Id and not another
        # create's, is this one; of several, none is guessed.
        mine = (
            f"Queue = {ticket_sql_quote(FIELD_QUEUE)} AND Subject = {ticket_sql_quote(subject)}"
            f" AND Creator = {ticket_sql_quote(self.http.credentials.user)}"
            f" AND Created >= '{rt_since(made_after, self.timezone)}'"
            " AND CF.{Client Ticket Id} IS NULL"
        )
        found = self.search_tickets(mine, "id")
        made = sorted(int(t["id"]) for t in found if int(t["id"]) not in skip)
        if len(made) > 1:
            raise RejectedError(
                "its answer was lost, and RT keeps no id to find it by (your account may not "
                "set 'Client Ticket Id': ask the RT administrator); "
                f"{', '.join(f'#{t}' for t in made)} are yours with this subject: if one of "
                "them is this ticket, discard this change; if not, Retry sends it",
                cause=Cause.NO_RIGHT,
            )
        return made[0] if made else None

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
        which is harmless for read-only context).  One listing, paged; more
        only where the names would not fit one request line.
        """
        matches = [f"CF.{{Site}} = {ticket_sql_quote(site)}" for site in sites]
        matches += [f"RefersTo = 'asset:{int(asset_id)}'" for asset_id in asset_ids]
        window = (
            f"Queue = {ticket_sql_quote(FIELD_QUEUE)}"
            f" AND Created > '{rt_since(created_after, self.timezone)}'"
        )
        if updated_after is not None:
            window += f" AND LastUpdated >= '{rt_since(updated_after, self.timezone)}'"
        found: dict[int, RelatedTicket] = {}
        server_time: str | None = None
        for any_match in any_of(matches, len(matches)):
            tickets, answered = self._related_listing(f"{window} AND {any_match}")
            server_time = server_time or answered  # the oldest answer: the safe watermark
            found |= {ticket.id: ticket for ticket in tickets}
        return RelatedTickets(list(found.values()), server_time)

    def _related_listing(self, query: str) -> tuple[list[RelatedTicket], str | None]:
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
            batch = page_items(reply.body)
            tickets += [_related_from_json(item) for item in batch]
            if not batch or not reply.body.get("next_page"):
                return tickets, server_time
            page += 1


def _stamps(items: list[dict[str, Any]]) -> list[TicketStamp]:
    try:
        return [TicketStamp(int(t["id"]), str(t["LastUpdated"])) for t in items]
    except (KeyError, TypeError, ValueError):
        raise BadReplyError("the helpdesk sent a ticket listing we cannot read") from None


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
    name = ref(value)
    return None if name in (None, "", "Nobody") else str(name)
