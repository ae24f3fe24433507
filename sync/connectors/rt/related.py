"""Related tickets: what changed in the field queue, whatever the number of sites followed.

The listing by site and equipment (``TicketsPart.related_tickets``) names every site in
its TicketSQL; this one names none, so RT's work follows the queue's activity since the
cursor, and a page budget bounds it per sync.
"""

from __future__ import annotations

from sync.connectors.base import FieldQueueChanges, RelatedTicket
from sync.connectors.rt.common import (
    FIELD_QUEUE,
    PAGE_SIZE,
    RTResource,
    http_date,
    page_items,
    ticket_sql_quote,
)
from sync.connectors.rt.tickets import _related_from_json
from sync.connectors.rt_convert import next_second, rt_since

RELATED_FIELDS = "Subject,Status,Owner,Created,LastUpdated,CustomFields"


class RelatedPart(RTResource):
    def field_queue_changes(
        self, created_after: str, cursor: tuple[str, int], max_pages: int
    ) -> FieldQueueChanges:
        """Field-queue tickets created after ``created_after`` and changed after the keyset
        ``cursor`` (served UTC, id), oldest change first, at most ``max_pages`` pages.

        Each page is a fresh keyset query (numbered pages skip rows while tickets change).
        Complete: the cursor is the server's time of the last answer, so nothing changed
        in between is missed (the same second comes again: harmless for context).
        """
        tickets: list[RelatedTicket] = []
        since, after_id = cursor
        for _ in range(max(1, max_pages)):
            local = rt_since(since, self.timezone)
            query = (
                f"Queue = {ticket_sql_quote(FIELD_QUEUE)}"
                f" AND Created > '{rt_since(created_after, self.timezone)}'"
                f" AND (LastUpdated > '{local}' OR (LastUpdated >= '{local}'"
                f" AND LastUpdated < '{next_second(local)}' AND id > {int(after_id)}))"
            )
            reply = self.http.get(
                "tickets",
                [
                    ("query", query),
                    ("fields", RELATED_FIELDS),
                    ("per_page", PAGE_SIZE),
                    ("orderby", "LastUpdated"),
                    ("orderby", "id"),
                    ("order", "ASC"),
                    ("order", "ASC"),
                ],
            )
            batch = [_related_from_json(item) for item in page_items(reply.body)]
            tickets += batch
            if len(batch) < PAGE_SIZE:
                served = http_date(reply.headers.get("Date"))
                last = tickets[-1].last_updated if tickets else since
                return FieldQueueChanges(tickets, (served or last, 0), complete=True)
            since, after_id = batch[-1].last_updated, batch[-1].id
        return FieldQueueChanges(tickets, (since, after_id), complete=False)
