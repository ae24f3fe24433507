"""The RT asset part's checks that need no server: a helpdesk without the admin kit's
"Client Asset Id" field gets no new asset (it could not be recognised after a lost reply)."""

from __future__ import annotations

from typing import Any

import pytest

from sync.connectors.base import NewAssetRequest
from sync.connectors.rt.assets import AssetsPart
from sync.connectors.rt_replies import Reply
from sync.errors import RejectedError


class CatalogHttp:
    """Answers the one listing the check makes; records posts."""

    def __init__(self, fields: list[str]) -> None:
        self.fields = fields
        self.posts: list[Any] = []
        self.gets = 0

    def get(self, path: str, params: Any = None) -> Reply:
        self.gets += 1
        item = {"id": "1", "CustomFields": [{"name": n, "values": []} for n in self.fields]}
        return Reply(200, {"items": [item]}, {})

    def post(self, path: str, body: Any) -> Reply:
        self.posts.append(body)
        return Reply(201, {"id": "40"}, {})


REQUEST = NewAssetRequest("c0ffee", "ACME-SW-02", {"serial": "SW1"})


def test_without_the_client_id_field_nothing_is_created() -> None:
    http = CatalogHttp(["Serial Number", "Model"])
    part = AssetsPart(http)  # type: ignore[arg-type]
    with pytest.raises(RejectedError, match="lacks the asset field 'Client Asset Id'"):
        part.create_asset(REQUEST)
    assert http.posts == []


def test_with_it_the_asset_carries_its_client_id_and_the_check_is_made_once() -> None:
    http = CatalogHttp(["Serial Number", "Client Asset Id"])
    part = AssetsPart(http)  # type: ignore[arg-type]
    assert part.create_asset(REQUEST) == 40
    assert part.create_asset(REQUEST) == 40
    assert http.gets == 1
    body = http.posts[0]
    assert body["Catalog"] == "Field Equipment"
    assert body["CustomFields"] == {"Serial Number": "SW1", "Client Asset Id": "c0ffee"}


def test_many_sites_are_asked_a_few_at_a_time() -> None:
    """A supervisor follows every site of the queue: the query stays a sane length."""
    http = CatalogHttp(["Site"])
    part = AssetsPart(http)  # type: ignore[arg-type]
    found = part.site_assets([f"Site {n}" for n in range(70)], None)
    assert http.gets == 3 and len(found.assets) == 3
