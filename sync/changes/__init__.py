"""The kinds of change the outbox carries, registered by name.

Adding a kind (a checklist, a timer entry, an asset record...) is one new
module with its enqueue function(s) and a ``ChangeKind`` object, plus one line
in ``KINDS`` below; the engine is not touched.  See docs/architecture.md,
"Adding a change kind".
"""

from __future__ import annotations

from sync.changes import (
    article,
    asset_add,
    asset_edit,
    asset_link,
    asset_replace,
    asset_retire,
    asset_serial,
    checklist,
    fields,
    new_ticket,
    note,
    site_targets,
    time_entry,
)
from sync.changes.kind import RESEND_AFTER_S, Blocked, ChangeKind, NotYetResent, PushContext

KINDS: dict[str, ChangeKind] = {
    kind.name: kind
    for kind in (
        note.KIND,
        fields.KIND,
        new_ticket.KIND,
        asset_serial.KIND,
        asset_add.KIND,
        asset_edit.KIND,
        asset_link.KIND,
        asset_replace.KIND,
        asset_retire.KIND,
        article.KIND,
        checklist.KIND,
        time_entry.KIND,
        site_targets.KIND,
    )
}


def kind_of(name: str) -> ChangeKind:
    """The kind of an outbox row; KeyError for a kind this version does not know."""
    return KINDS[name]


__all__ = [
    "KINDS",
    "RESEND_AFTER_S",
    "Blocked",
    "ChangeKind",
    "NotYetResent",
    "PushContext",
    "kind_of",
]
