"""Equipment (RT assets) linked to a ticket, and correcting a serial number."""

from __future__ import annotations

from sync.connectors.base import RemoteAsset
from sync.connectors.rt.common import RTResource, explain_create, raise_on_failed_messages
from sync.connectors.rt_convert import asset_from_json
from sync.connectors.rt_refusals import MODIFY_ASSET, named_refusals


class AssetsPart(RTResource):
    def fetch_assets(self, ticket_id: int) -> list[RemoteAsset]:
        items = self.all_pages(
            "assets",
            {
                "query": f"ReferredToBy = {int(ticket_id)}",
                "fields": "Name,Catalog,Status,CustomFields,LastUpdated",
            },
        )
        return [asset_from_json(item) for item in items]

    def update_asset_serial(self, asset_id: int, serial: str) -> None:
        with named_refusals(explain_create(MODIFY_ASSET, f"asset {asset_id}")):
            reply = self.http.put(
                f"asset/{int(asset_id)}", {"CustomFields": {"Serial Number": serial}}
            )
            raise_on_failed_messages(reply.body)
