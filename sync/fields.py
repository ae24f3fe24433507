"""The ticket fields FieldDesk syncs and the statuses a visit can have.

The vocabulary every layer shares -- the store, the merge, the command line's
choices, the window's editors -- kept apart from the connector interface
(``sync.connectors.base``, which re-exports it) so that reading it costs no
dataclass definitions: ``fielddesk visits`` needs the names, not the helpdesk.
"""

from __future__ import annotations

# Ticket fields that are synced both ways and merged three-way.
SYNCED_FIELDS = (
    "subject",
    "status",
    "priority",
    "owner",
    "due",
    "site",
    "address",
    "contact",
    "visit_start",
    "visit_end",
    "parts_used",
)
DATE_FIELDS = frozenset({"due", "visit_start", "visit_end"})
# How the fields read to a technician, in the window, the command line and messages.
FIELD_LABELS = {
    "subject": "Subject",
    "status": "Status",
    "priority": "Priority",
    "owner": "Owner",
    "due": "Due",
    "site": "Site",
    "address": "Address",
    "contact": "Contact",
    "visit_start": "Visit start",
    "visit_end": "Visit end",
    "parts_used": "Parts used",
}
STATUSES = ("new", "open", "stalled", "resolved", "rejected")

FieldValues = dict[str, str | None]

# What a technician edits on an asset: field name -> RemoteAsset attribute.
ASSET_FIELDS = (
    "name",
    "model",
    "serial",
    "warranty",
    "site",
    "purchase_date",
    "status",
    "description",
)
# The longest name or description an equipment record keeps (RT's columns).
ASSET_TEXT_MAX = 255
ASSET_LABELS = {
    "name": "name",
    "model": "model",
    "serial": "serial",
    "warranty": "warranty end",
    "site": "site",
    "purchase_date": "purchase date",
    "status": "status",
    "description": "description",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
