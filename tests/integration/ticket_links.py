"""A ticket's links on the private RT, and the field tickets of a subject: what a new
ticket opened from a visit is to be linked to, read as the supervisor."""

from __future__ import annotations

from devrt.instance import RunningRT
from sync.connectors.rt import FIELD_QUEUE, ticket_sql_quote
from tests.integration.helpers import connector


def links(rt: RunningRT, ticket_id: int, kind: str) -> list[int]:
    """The tickets RT shows ``ticket_id`` linked to ("refers-to", "referred-to-by")."""
    body = connector(rt, "supervisor").http.get(f"ticket/{ticket_id}").body
    return [int(link["id"]) for link in body["_hyperlinks"] if link.get("ref") == kind]


def on_helpdesk(rt: RunningRT, subject: str) -> list[int]:
    """The field queue's tickets of this subject."""
    found = connector(rt, "supervisor").search_tickets(
        f"Queue = {ticket_sql_quote(FIELD_QUEUE)} AND Subject = {ticket_sql_quote(subject)}", "id"
    )
    return [int(str(ticket["id"])) for ticket in found]
