"""What a link in a visit's history points at: a piece of equipment or a ticket.

The helpdesk records a link by the URI of its target, and RT writes it in the
long form (``asset://helpdesk.example/12``, ``fsck.com-rt://helpdesk.example/ticket/5``)
even when it was made with the short one (``asset:12``).  A technician reads
"equipment #12", never the URI: the window and the asset history both ask here.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

EQUIPMENT: Literal["equipment"] = "equipment"
TICKET: Literal["ticket"] = "ticket"

# Each form RT writes, matched whole: anything else is not guessed at.
_FORMS = (
    (re.compile(r"asset:(?://[^/\s]*/)?(\d+)/?"), EQUIPMENT),
    (re.compile(r"[a-z][\w.+-]*://[^/\s]*/ticket/(\d+)/?", re.IGNORECASE), TICKET),
    (re.compile(r"(\d+)"), TICKET),  # a bare number is a ticket of the same helpdesk
)


class LinkTarget(NamedTuple):
    kind: Literal["equipment", "ticket"]
    id: int


def link_target(uri: str | None) -> LinkTarget | None:
    """The equipment or ticket a link's URI names; None for any other URI."""
    text = (uri or "").strip()
    for form, kind in _FORMS:
        found = form.fullmatch(text)
        if found:
            return LinkTarget(kind, int(found.group(1)))
    return None
