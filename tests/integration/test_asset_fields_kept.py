"""Asset fields against the real RT: what is empty stays empty (never RT's 1970-01-01),
a field cleared here is cleared in RT, and every path that reads assets keeps every
field the replica holds (a visit's re-sync no longer blanks the description)."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import pytest

from sync import assets
from sync.connectors.base import NoteRequest, RemoteAsset
from sync.connectors.rt import RTConnector
from sync.store.outbox import rows
from tests.integration import acme_assets
from tests.integration.acme_assets import SITE, by_name, printer_visit
from tests.integration.helpers import Technician, past_this_second

pytestmark = pytest.mark.rt

alice = acme_assets.alice  # this module's own laptop and supervisor
boss = acme_assets.boss

DATES = ("Warranty Expires", "Purchase Date")


def rt_fields(boss: RTConnector, asset_id: int) -> dict[str, Any]:
    """The asset as RT stores it: custom fields' raw value lists, and its description."""
    body = boss.http.get(f"asset/{int(asset_id)}").body
    found: dict[str, Any] = {cf["name"]: cf["values"] for cf in body["CustomFields"]}
    found["Description"] = body.get("Description")
    return found


def created_by(laptop: Technician, kind: str) -> int:
    [row] = [r for r in rows(laptop.db, include_done=True) if r.kind == kind]
    assert row.state == "done", row
    return int(row.result or 0)


def test_an_asset_added_without_dates_has_no_dates_in_rt(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    assets.add_asset(
        alice.db,
        {"name": "ACME-SW-01", "serial": "SG108-77X21", "model": "Netgear GS108"},
        ticket_id=visit.id,
    )

    assert alice.sync().ok

    created = created_by(alice, "asset_add")
    server = rt_fields(boss, created)
    assert {name: server[name] for name in (*DATES, "Site")} == {
        "Warranty Expires": [],
        "Purchase Date": [],
        "Site": [],
    }
    assert server["Model"] == ["Netgear GS108"]
    assert alice.sync().ok
    here = by_name(alice, "ACME-SW-01")
    assert (here.warranty, here.purchase_date, here.site) == (None, None, None)
    [found] = assets.find_assets(alice.db, "ACME-SW-01")
    assert found.warranty.state == "unknown", found.warranty


def test_a_replacement_without_dates_has_no_dates_in_rt(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    old = by_name(alice, "ACME-PRN-01")
    assets.replace_asset(
        alice.db, visit.id, old.id, note="fuser fault", new_fields={"name": "ACME-PRN-09"}
    )

    assert alice.sync().ok

    server = rt_fields(boss, created_by(alice, "asset_replace"))
    assert [server[name] for name in DATES] == [[], []]
    assert server["Serial Number"] == []
    assert server["Model"] == [old.model], "the model defaults to the old one's"
    here = by_name(alice, "ACME-PRN-09")
    assert (here.warranty, here.purchase_date, here.serial) == (None, None, None)


def test_fields_cleared_here_are_cleared_in_rt_not_set_to_1970(
    alice: Technician, boss: RTConnector
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    assert nas.warranty and nas.purchase_date and nas.model
    assets.edit_asset(
        alice.db, nas.id, {"warranty": "", "purchase_date": None, "model": "", "description": ""}
    )

    report = alice.sync()

    assert report.ok and report.conflicts == 0, report
    server = rt_fields(boss, nas.id)
    assert [server[name] for name in DATES] == [[], []]
    assert server["Model"] == []
    assert server["Description"] == ""
    assert server["Serial Number"] == [nas.serial], "a field not cleared stays"
    again = alice.sync()
    assert again.ok and again.conflicts == 0
    here = by_name(alice, "ACME-NAS-01")
    assert (here.warranty, here.purchase_date, here.model, here.description) == (
        None,
        None,
        None,
        None,
    )
    assert not here.unsent


def test_clearing_twice_is_harmless(boss: RTConnector) -> None:
    """A change sent again after a lost reply: the field stays empty (RT would set
    an already empty date to 1970-01-01 if told to empty it)."""
    [point] = [a for a in boss.site_assets([SITE], None).assets if a.name == "ACME-AP-01"]
    assert point.warranty
    for _ in range(2):
        boss.update_asset(point.id, {"warranty": None, "model": None})
    server = rt_fields(boss, point.id)
    assert (server["Warranty Expires"], server["Model"]) == ([], [])
    assert server["Serial Number"] == [point.serial]


def _plain(asset: RemoteAsset) -> RemoteAsset:
    """Its fields: not the tickets and version only some reads give."""
    return dataclasses.replace(asset, ticket_ids=(), last_updated="", etag=None)


def test_every_path_that_reads_an_asset_reads_every_field(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    linked = boss.fetch_assets(visit.id)
    assert linked
    boss.http.put(f"asset/{linked[0].id}", {"HeldBy": "alice", "Owner": "supervisor"})
    reader = alice.connector
    past_this_second()
    [batched] = reader.fetch_tickets({visit.id: 0}).pulled
    one_by_one = {a.id: a for a in reader.fetch_assets(visit.id)}
    at_site = {a.id: a for a in reader.site_assets([SITE], None).assets}
    by_id = {a.id: a for a in reader.assets_by_id(sorted(one_by_one))}
    assert any(a.description for a in batched.assets)
    for asset in batched.assets:
        full = _plain(reader.fetch_asset(asset.id))
        assert full.catalog == "Field Equipment"
        assert _plain(asset) == full, "batched ticket sync"
        assert _plain(one_by_one[asset.id]) == full, "one ticket's equipment"
        if full.site == SITE:  # not the switch added without a site
            assert _plain(at_site[asset.id]) == full, "a site's inventory"
        assert _plain(by_id[asset.id]) == full, "assets by id"
    [held] = [a for a in batched.assets if a.id == linked[0].id]
    assert (held.held_by, held.owner) == ("alice", "supervisor")


def test_a_visit_synced_again_keeps_its_equipments_description(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    [printer] = [a for a in boss.fetch_assets(visit.id) if a.name == "ACME-PRN-09"]
    boss.update_asset(printer.id, {"description": "Replacement unit, tray 2 roller fitted"})
    boss.http.put(f"asset/{printer.id}", {"HeldBy": "alice"})
    assert alice.sync().ok
    boss.add_note(NoteRequest(visit.id, str(uuid.uuid4()), "Customer called: still jamming?"))

    assert alice.sync().ok

    here = assets.get_asset(alice.db, printer.id)
    assert here is not None
    assert here.asset.description == "Replacement unit, tray 2 roller fitted"
    assert here.asset.held_by == "alice"
    assets.edit_asset(alice.db, printer.id, {"description": "Tray 2 roller and fuser fitted"})
    report = alice.sync()
    assert report.ok and report.conflicts == 0, report
    assert not assets.open_asset_conflicts(alice.db, printer.id)
    assert boss.fetch_asset(printer.id).description == "Tray 2 roller and fuser fitted"
