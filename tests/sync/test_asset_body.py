"""Asset fields as RT's JSON and back, without a server.

RT 5 stores an empty custom field value sent to it (a date one as 1970-01-01) and
clears a field with ``null`` only when it holds a value (tests/integration/
test_asset_fields_kept.py checks that against the real RT)."""

from __future__ import annotations

from typing import Any

from sync.connectors.rt_convert import (
    ASSET_READ,
    asset_change_body,
    asset_from_json,
    new_asset_body,
)


def rt_asset(**cfs: list[Any]) -> dict[str, Any]:
    return {
        "id": "7",
        "Name": "ACME-SW-01",
        "Status": "in-use",
        "CustomFields": [{"name": name, "values": values} for name, values in cfs.items()],
    }


def test_a_new_asset_sends_no_empty_field() -> None:
    body = new_asset_body(
        {"name": "ACME-SW-01", "serial": "SG108-77X21", "model": "X", "warranty": None,
         "purchase_date": "", "site": None, "description": None, "status": "in-use"}
    )  # fmt: skip
    assert body == {
        "Name": "ACME-SW-01",
        "Status": "in-use",
        "CustomFields": {"Serial Number": "SG108-77X21", "Model": "X"},
    }


def test_a_field_emptied_is_cleared_with_null_only_where_rt_holds_a_value() -> None:
    current = rt_asset(
        **{"Warranty Expires": ["2027-01-31"], "Purchase Date": [], "Model": [None], "Site": ["X"]}
    )
    body = asset_change_body(
        {"warranty": None, "purchase_date": "", "model": None, "site": "", "description": None},
        current,
    )
    assert body == {"Description": "", "CustomFields": {"Warranty Expires": None, "Site": None}}


def test_values_are_sent_as_they_are() -> None:
    body = asset_change_body({"warranty": "2028-02-29", "name": "ACME-SW-02"}, rt_asset())
    assert body == {"Name": "ACME-SW-02", "CustomFields": {"Warranty Expires": "2028-02-29"}}


def test_nothing_to_send_when_the_emptied_fields_are_empty_already() -> None:
    assert asset_change_body({"warranty": None}, rt_asset(**{"Warranty Expires": []})) == {}


def test_rt_s_empty_values_and_unset_dates_read_as_no_value() -> None:
    unset = ["1970-01-01"]
    item = rt_asset(
        **{
            "Warranty Expires": unset,
            "Purchase Date": unset,
            "Serial Number": [None],
            "Model": ["X"],
        }
    )
    asset = asset_from_json(item)
    assert (asset.warranty, asset.purchase_date, asset.serial, asset.model) == (
        None,
        None,
        None,
        "X",
    )


def test_every_asset_read_asks_for_every_field_the_replica_keeps() -> None:
    asked = set(ASSET_READ["fields"].split(","))
    assert {"Name", "Catalog", "Status", "Description", "Owner", "HeldBy"} <= asked
    assert {"CustomFields", "LastUpdated", "_hyperlinks"} <= asked
    assert ASSET_READ["fields[Catalog]"] == "Name"
