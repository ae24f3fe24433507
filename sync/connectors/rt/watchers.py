"""Who RT mails about a ticket: the supervisors, brought in on an escalation.

RT mails an internal comment to the ticket's AdminCcs (its stock scrip "On Comment
Notify AdminCcs as Comment") and never to whoever wrote it.  A visit has none, so
an escalation's note reached nobody until the supervisors' group watched it.
"""

from __future__ import annotations

from typing import Any

from sync.connectors.rt.common import SUPERVISORS_GROUP, RTResource, page_items, ticket_sql_quote
from sync.connectors.rt.taken import rt_messages
from sync.errors import ConflictError, RejectedError, RetryableError

# Someone else changed the ticket between our read and our write this many times in a
# row: left for the next sync rather than written over.
WATCHER_WRITES = 3


class WatchersPart(RTResource):
    def make_supervisors_watch(self, ticket_id: int) -> None:
        """The admin kit's supervisors group becomes an AdminCc of the ticket (whoever
        else is one stays), so that RT mails its members the ticket's next internal
        note.  Nothing is written when the group watches it already: calling this
        again (a retried escalation) changes nothing.

        RejectedError when RT does not take it (a right taken away, the group renamed
        or empty): RT answers such a write 200 all the same, so the ticket is searched
        again to tell."""
        if self._supervisors_watch(ticket_id):
            return
        for _ in range(WATCHER_WRITES):
            reply = self.http.get(f"ticket/{int(ticket_id)}")
            wanted = [*_admin_ccs(reply.body), f"group:{SUPERVISORS_GROUP}"]
            try:
                # RT replaces the whole list: written onto the version read, so that an
                # AdminCc added meanwhile is not dropped (412 when the ticket moved on).
                written = self.http.put(
                    f"ticket/{int(ticket_id)}",
                    {"AdminCc": wanted},
                    if_match=reply.headers.get("ETag"),
                )
            except ConflictError:
                continue
            if self._supervisors_watch(ticket_id):
                return
            said = rt_messages(written.body) or "no reason given"
            raise RejectedError(
                f"RT did not make the group '{SUPERVISORS_GROUP}' an AdminCc of "
                f"#{int(ticket_id)}: {said}"
            )
        raise RetryableError(
            f"#{int(ticket_id)} kept changing on the helpdesk while the supervisors were "
            "added to it: tried again at the next sync"
        )

    def _supervisors_watch(self, ticket_id: int) -> bool:
        """Whether the group itself is among the ticket's AdminCcs (one supervisor
        watching alone is not the group: the others would not hear)."""
        query = f"id = {int(ticket_id)} AND AdminCc.Name = {ticket_sql_quote(SUPERVISORS_GROUP)}"
        found = page_items(self.http.get("tickets", {"query": query, "fields": "id"}).body)
        # RT ignoring the query would list other tickets: only this one counts.
        return any(str(item.get("id")) == str(int(ticket_id)) for item in found)


def _admin_ccs(ticket: Any) -> list[str]:
    """The ticket's AdminCcs as RT takes them back: a user by name, a group by id."""
    members = ticket.get("AdminCc") if isinstance(ticket, dict) else None
    return [
        str(member["id"])
        for member in members or []
        if isinstance(member, dict) and member.get("id") is not None
    ]
