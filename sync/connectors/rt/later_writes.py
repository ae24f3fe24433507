"""Whether someone else wrote over our write at once (an asset, an article, a link,
a note's ticket fields).

A write is read back (``sync.connectors.rt.taken``), and a field read back other
than sent was not taken -- unless RT's history of the record, after the version
we wrote onto, has our write of that field followed by someone else's: a
supervisor saved the record in the instant between our write and our read.  RT
took ours then; the next pull brings theirs, as it brings any later change.
Only a value RT did not keep as sent, with nobody writing after us, is refused.
(A ticket's own fields: ``TakenPart.untaken_ticket_fields``, by their field history.)

RT's history names what a transaction wrote: a core field by name
("Description"; a status "Status"), a custom field by its id ("15"), a link by
its direction and the other end ("ReferredToBy ticket/36", as ``link_key``).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sync.connectors.rt.common import RTResource, cf_name, ref

FIELD_TYPES = ("Set", "Status", "CustomField")
LINK_TYPES = ("AddLink", "DeleteLink")


def link_key(direction: str, uri: str) -> str:
    """A link as history keys it: "ReferredToBy ticket/36" for fsck.com-rt://org/ticket/36."""
    return f"{direction} {'/'.join(uri.rstrip('/').split('/')[-2:])}"


def history_key(row: dict[str, Any]) -> str:
    field = str(row.get("Field") or "")
    if row.get("Type") in LINK_TYPES:
        return link_key(field, str(row.get("NewValue") or row.get("OldValue") or ""))
    return field


def custom_field_ids(record: Any) -> dict[str, str]:
    """{name: RT's id} of a record's custom fields, as its own reply lists them."""
    fields = record.get("CustomFields") if isinstance(record, dict) else None
    return {cf_name(cf): str(cf.get("id")) for cf in fields or [] if isinstance(cf, dict)}


class LaterWritesPart(RTResource):
    def written_over(
        self,
        record_type: str,
        record_id: int,
        after_txn: str | None,
        keys: Collection[str],
        types: tuple[str, ...] = FIELD_TYPES,
    ) -> set[str]:
        """Of ``keys`` (as ``history_key``), those we wrote after transaction
        ``after_txn`` (the version our write went onto) and someone else wrote again
        after us.  Nothing without that version: no history of ours can be told then."""
        version = after_txn or ""
        if not keys or not version.isdigit():
            return set()
        kinds = " OR ".join(f"Type = '{t}'" for t in types)
        query = (
            f"ObjectType = 'RT::{record_type}' AND ObjectId = {int(record_id)}"
            f" AND id > {int(version)} AND ({kinds})"
        )
        rows = self.all_pages(
            "transactions",
            {"query": query, "fields": "Type,Creator,Field,OldValue,NewValue", "orderby": "id"},
        )
        me = self.http.credentials.user
        ours: set[str] = set()
        over: set[str] = set()
        for row in sorted(rows, key=lambda r: int(r["id"])):
            key = history_key(row)
            if key not in keys:
                continue
            if str(ref(row.get("Creator"))) == me:
                ours.add(key)
            elif key in ours:
                over.add(key)
        return over
