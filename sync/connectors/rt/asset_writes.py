"""Changing assets and linking them to tickets, each write read back.

A field or link RT does not hold after our write was refused (``taken``), except
where someone else wrote it again just after us (``later_writes``), and a link
made through a ticket RT merged into another is held by the surviving ticket.
"""

from __future__ import annotations

from typing import Any

from sync.connectors.rt.assets import AssetsPart
from sync.connectors.rt.common import explain_create
from sync.connectors.rt.later_writes import (
    LINK_TYPES,
    LaterWritesPart,
    custom_field_ids,
    link_key,
)
from sync.connectors.rt.taken import refused
from sync.connectors.rt_convert import (
    ASSET_CORE_FIELDS,
    ASSET_CUSTOM_FIELDS,
    ASSET_READ,
    asset_change_body,
    asset_from_json,
    asset_value_as_kept,
)
from sync.connectors.rt_refusals import MODIFY_ASSET, named_refusals
from sync.errors import BadReplyError

# How an asset's history names a link from a ticket (``later_writes.link_key``).
FROM_TICKET = "ReferredToBy"


class AssetWritesPart(AssetsPart, LaterWritesPart):
    def update_asset(
        self, asset_id: int, fields: dict[str, str | None], *, version: str | None = None
    ) -> None:
        """Set fields (absolute values: sending twice is harmless); with ``version``
        only onto that version of the asset (If-Match, else ConflictError).

        Emptying a custom field asks RT first which fields hold a value: RT clears
        those, and would give an empty one 1970-01-01 (see ``asset_change_body``).
        """
        emptied = any(not v for k, v in fields.items() if k in ASSET_CUSTOM_FIELDS)
        with named_refusals(explain_create(MODIFY_ASSET, f"asset {asset_id}")):
            current = self.http.get(f"asset/{int(asset_id)}").body if emptied else {}
            body = asset_change_body(fields, current if isinstance(current, dict) else {})
            if not body:
                return  # only fields empty already
            if_match = f'"{version}"' if version else None
            reply = self.http.put(f"asset/{int(asset_id)}", body, if_match=if_match)
            untaken = self._untaken_asset_fields(asset_id, fields, version)
            if untaken:
                raise refused(untaken, reply.body)

    def _untaken_asset_fields(
        self, asset_id: int, sent: dict[str, str | None], version: str | None
    ) -> list[str]:
        """Fields of ``sent`` the asset does not hold as sent, nobody having written
        them since our write of them onto ``version``."""
        reply = self.http.get(f"asset/{int(asset_id)}", ASSET_READ)
        held = asset_from_json(reply.body)
        differ = [
            name
            for name, value in sent.items()
            if asset_value_as_kept(name, getattr(held, name)) != asset_value_as_kept(name, value)
        ]
        if not differ:
            return []
        keys = {name: _history_name(name, reply.body) for name in differ}
        over = self.written_over("Asset", asset_id, version, set(keys.values()) - {""})
        return [name for name in differ if keys[name] not in over]

    def link_asset(self, ticket_id: int, asset_id: int) -> None:
        """The ticket refers to the asset (RT keeps one link however often it is sent)."""
        before = self.fetch_asset(asset_id)
        if int(ticket_id) in before.ticket_ids:
            return  # linked already (a resend after a lost reply): nothing to send
        reply = self.http.put(f"ticket/{int(ticket_id)}", {"AddRefersTo": f"asset:{int(asset_id)}"})
        if not self._linked(ticket_id, asset_id, before.etag):
            raise refused([f"link to asset {int(asset_id)}"], reply.body)

    def _linked(self, ticket_id: int, asset_id: int, version: str | None) -> bool:
        """Whether our link landed: the asset is linked to the ticket now -- or to the
        one RT merged it into, where RT put the link -- or someone else took away
        the link we made onto ``version`` of the asset."""
        linked = self.fetch_asset(asset_id).ticket_ids
        if int(ticket_id) in linked:
            return True
        survivor = self._surviving_ticket(ticket_id)
        if survivor in linked:
            return True
        key = link_key(FROM_TICKET, f"ticket/{survivor}")
        return key in self.written_over("Asset", asset_id, version, {key}, LINK_TYPES)

    def _surviving_ticket(self, ticket_id: int) -> int:
        """The ticket RT reads and writes for this id: the one it was merged into, if
        it was (RT answers for the survivor; ``sync.pullers.tickets`` follows it too)."""
        body: Any = self.http.get(f"ticket/{int(ticket_id)}").body
        try:
            return int(body["id"])
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk sent a ticket without its number") from None


def _history_name(name: str, asset: Any) -> str:
    """How the asset's history names one of our fields ("" if it cannot)."""
    if name in ASSET_CORE_FIELDS:
        return ASSET_CORE_FIELDS[name]
    return custom_field_ids(asset).get(ASSET_CUSTOM_FIELDS.get(name, ""), "")
