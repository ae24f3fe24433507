"""An escalation reaches the supervisors: RT mails them its note, with the reason.

RT mails an internal comment to the ticket's AdminCcs, never to whoever wrote it; a
visit has none.  So the escalation's note brings the supervisors in as AdminCc just
before it goes, each time it may go: bringing them in again changes nothing, and the
note itself stays exactly-once through its Client Request Id (``sync.changes.note``).
Other notes go as they are: the supervisors hear of a visit's notes only once it was
escalated, and from then on of all of them, as watchers of an escalated ticket would
(docs/compatibility.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sync.errors import RejectedError

if TYPE_CHECKING:
    from sync.changes.kind import PushContext
    from sync.store.outbox import OutboxRow

# Payload key of a note that escalates its visit.
TELLS_SUPERVISORS = "tells_supervisors"


@runtime_checkable
class SupervisorsWatch(Protocol):
    """What a connector offers to bring a ticket's supervisors in.  Optional: with a
    connector without it, an escalation is an internal note like any other."""

    def make_supervisors_watch(self, ticket_id: int) -> None:
        """The supervisors are mailed the ticket's next internal note (RejectedError: the
        helpdesk refused it)."""
        ...


def bring_in_supervisors(ctx: PushContext, row: OutboxRow, ticket_id: int) -> None:
    """Just before an escalation's note goes: the supervisors watch its ticket.

    The helpdesk refusing that (a right taken away, the group renamed) does not hold
    the note back -- it is the escalation's record on the ticket -- but the technician
    is told that no mail reaches the supervisors.  Anything else (offline, a timeout)
    stops the note here: nothing of it went, and the next sync tries both again."""
    connector = ctx.connector
    if not row.payload.get(TELLS_SUPERVISORS) or not isinstance(connector, SupervisorsWatch):
        return
    try:
        connector.make_supervisors_watch(ticket_id)
    except RejectedError as error:
        ctx.notices.append(
            f"#{ticket_id}: the supervisors get no mail of your escalation ({error}): "
            "tell them yourself"
        )
