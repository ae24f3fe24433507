"""Who changed which field of a ticket, and what each change replaced.

RT records every field change as a transaction with OldValue/NewValue in its
own forms: core fields by name (owner as a user id), custom fields by the
field's id, dates as ``YYYY-MM-DD HH:MM:SS`` UTC.  Here they become our field
names and values, so that a write can be checked against the base it was made
from (see ``sync.changes.overwritten``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sync.connectors.base import DATE_FIELDS, FieldWrite
from sync.connectors.rt.common import RTResource, ref, text_or_none
from sync.connectors.rt_convert import CORE_FIELDS, CUSTOM_FIELDS
from sync.connectors.rt_zone import RT_DATE_FORMAT

OWNER_TYPES = ("Give", "Take", "Steal", "Untake", "Force")
WRITE_TYPES = ("Set", "Status", "CustomField", *OWNER_TYPES)
UNSET_DATES = ("1970-01-01 00:00:00", "")
OUR_CORE = {rt: ours for ours, rt in CORE_FIELDS.items()}
OUR_CUSTOM = {rt: ours for ours, rt in CUSTOM_FIELDS.items()}


class FieldWritesPart(RTResource):
    def field_writes(self, ticket_id: int, after_txn: int) -> list[FieldWrite]:
        """Changes of synced fields after transaction ``after_txn``, oldest first.

        One listing without message bodies; a user id is looked up only when an
        owner change is among them.
        """
        types = " OR ".join(f"Type = '{t}'" for t in WRITE_TYPES)
        query = (
            f"ObjectType='RT::Ticket' AND ObjectId={int(ticket_id)} AND id > {int(after_txn)}"
            f" AND ({types})"
        )
        rows = self.all_pages(
            "transactions", {"query": query, "fields": "Type,Creator,Field,NewValue"}
        )
        rows.sort(key=lambda row: int(row["id"]))
        custom = self.custom_field_names()
        me = self.http.credentials.user
        writes = []
        for row in rows:
            field = _our_field(row, custom)
            if field is None:
                continue
            writes.append(
                FieldWrite(
                    txn_id=int(row["id"]),
                    field=field,
                    new_value=self._our_value(field, row.get("NewValue")),
                    by_me=str(ref(row.get("Creator"))) == me,
                )
            )
        return writes

    def _our_value(self, field: str, value: Any) -> str | None:
        text = text_or_none(value)
        if text is None:
            return None
        if field in DATE_FIELDS:
            if text in UNSET_DATES:
                return None
            try:
                return datetime.strptime(text, RT_DATE_FORMAT).strftime("%Y-%m-%dT%H:%M:%SZ")
            except ValueError:
                return text
        if field == "owner":
            name = text if not text.isdigit() else self.http.get(f"user/{text}").body.get("Name")
            return None if name in (None, "", "Nobody") else str(name)
        return text


def _our_field(row: dict[str, Any], custom: dict[str, str]) -> str | None:
    name = str(row.get("Field") or "")
    if row.get("Type") == "CustomField":
        return OUR_CUSTOM.get(custom.get(name, ""))
    return OUR_CORE.get(name)
