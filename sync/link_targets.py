"""What a link in a visit's history points at: a piece of equipment or a ticket.

The helpdesk records a link by the URI of its target, and RT writes it in the
long form (``asset://helpdesk.example/12``, ``fsck.com-rt://helpdesk.example/ticket/5``)
even when it was made with the short one (``asset:12``).  A technician reads
"equipment #12", never the URI: the window and the asset history both ask here.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

LINK_TYPES = frozenset({"AddLink", "DeleteLink"})  # the history's lines of a link made, removed
EQUIPMENT: Literal["equipment"] = "equipment"
TICKET: Literal["ticket"] = "ticket"

# Each form RT writes, matched whole: anything else (a web page that happens to end in
# /ticket/5) is not guessed at.  ASCII digits only, and no more than an id can have: the
# value is a stranger's, and int() refuses a number of 4 300 digits.
_ID = r"([0-9]{1,18})"
_FORMS = (
    (re.compile(rf"asset:(?://[^/\s]*/)?{_ID}/?"), EQUIPMENT),
    (re.compile(rf"fsck\.com-rt://[^/\s]*/ticket/{_ID}/?"), TICKET),
    (re.compile(_ID), TICKET),  # a bare number is a ticket of the same helpdesk
)


class LinkTarget(NamedTuple):
    kind: Literal["equipment", "ticket"]
    id: int

    @property
    def label(self) -> str:
        """As a technician reads it: "equipment #12", "ticket #5"."""
        return f"{self.kind} #{self.id}"


def link_target(uri: str | None) -> LinkTarget | None:
    """The equipment or ticket a link's URI names; None for any other URI."""
    text = (uri or "").strip()
    for form, kind in _FORMS:
        found = form.fullmatch(text)
        if found:
            return LinkTarget(kind, int(found.group(1)))
    return None
