"""Whether RT took a write: decided by what it holds after it, never by its words.

REST2 answers a change with 200 and one message per field, whatever it did with
each: "Status 'done' isn't a valid status", or in German "ist kein gültiger
Status", in the user's language (or the server's).  A success message quotes
the values, so a part number "PSU - must be returned" reads like a failure.  So
a write is read back, and a field RT does not hold as sent was not taken --
unless someone else wrote it again just after us (a ticket's fields: its field
history; a note's ticket fields, assets, links, articles: ``later_writes``).
RT's messages are passed on only then, for the user to read, in whatever language.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sync.connectors.rt.field_writes import FieldWritesPart
from sync.connectors.rt.later_writes import LaterWritesPart, custom_field_ids
from sync.connectors.rt_convert import custom_field_values, ticket_from_json
from sync.connectors.rt_refusals import ADMIN
from sync.errors import Cause, RejectedError
from sync.fields import field_label


def rt_messages(body: Any) -> str:
    """RT's messages in a change's reply, joined ("" if none)."""
    messages = body if isinstance(body, list) else []
    return "; ".join(str(m) for m in messages if str(m).strip())


def refused(names: list[str], reply_body: Any, *, not_shown: Collection[str] = ()) -> RejectedError:
    """``names`` not taken; ``not_shown``: the fields the ticket read back lacks entirely."""
    hidden = [name for name in names if name in not_shown]
    if hidden:
        return fields_not_shown(hidden)
    said = rt_messages(reply_body)
    fields = ", ".join(names)
    return RejectedError(f"{said} (not taken: {fields})" if said else f"not taken: {fields}")


def fields_not_shown(names: list[str]) -> RejectedError:
    """Fields RT sent nothing for, not even empty: renamed, disabled or hidden from the
    user.  No edit of the change helps; the RT administrator does."""
    fields = ", ".join(f"'{field_label(name)}'" for name in names)
    return RejectedError(
        f"the helpdesk no longer shows you {fields} (the field renamed, or you may not see "
        f"or change it): {ADMIN}, then retry this change",
        cause=Cause.NO_RIGHT,
    )


class TakenPart(FieldWritesPart, LaterWritesPart):
    def untaken_ticket_fields(
        self, ticket_id: int, sent: dict[str, str | None], after_txn: str
    ) -> tuple[list[str], frozenset[str]]:
        """Fields of ``sent`` (our names) the ticket does not hold as sent, and the
        fields the ticket read back lacks entirely (``RemoteTicket.unknown_fields``).

        A field someone else changed again just after our write is taken: RT's
        history has our write of it after transaction ``after_txn``.
        """
        ticket = ticket_from_json(self.http.get(f"ticket/{int(ticket_id)}").body, None)
        held = ticket.fields
        differ = [name for name, value in sent.items() if held.get(name) != value]
        if differ and after_txn.isdigit():
            ours = {w.field for w in self.field_writes(ticket_id, int(after_txn)) if w.by_me}
            differ = [name for name in differ if name not in ours]
        return differ, ticket.unknown_fields

    def untaken_custom_fields(
        self, ticket_id: int, sent: dict[str, str], after_txn: int
    ) -> list[str]:
        """Custom fields (RT's names) the ticket does not hold as sent, nobody having
        written them again since our write of them after transaction ``after_txn``."""
        if not sent:
            return []
        ticket = self.http.get(f"ticket/{int(ticket_id)}").body
        held = custom_field_values(ticket)
        differ = [name for name, value in sent.items() if held.get(name) != value]
        if not differ:
            return []
        ids = custom_field_ids(ticket)
        keys = {ids[name] for name in differ if name in ids}
        over = self.written_over("Ticket", ticket_id, str(after_txn), keys)
        return [name for name in differ if ids.get(name) not in over]
