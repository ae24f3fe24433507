"""Asset records on site against the real RT: a site's inventory reaches the laptop,
licences only where RT allows, replace and add exactly once, conflicts kept."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import assets, site_assets
from sync.connectors.rt import RTConnector
from sync.logs import setup_profile_log
from sync.store.outbox import rows
from tests.integration import acme_assets
from tests.integration.acme_assets import SITE, by_name, printer_visit
from tests.integration.helpers import Technician
from tests.integration.rt_admin import grant_catalog_rights

pytestmark = pytest.mark.rt

alice = acme_assets.alice  # this module's own laptop and supervisor
boss = acme_assets.boss


def test_every_asset_at_the_site_of_a_visit_reaches_the_laptop(alice: Technician) -> None:
    names = {a.name for a in assets.assets_at_site(alice.db, SITE)}
    # The access point is linked to no ticket; the licence is not alice's to see.
    assert names == {"ACME-PRN-01", "ACME-AP-01", "ACME-NAS-01"}
    [found] = assets.find_assets(alice.db, "c1a9")  # the middle of F4E2C1A9B3D7
    assert found.asset.name == "ACME-AP-01"
    assert found.asset.purchase_date == "2023-12-15"
    assert found.warranty.state in ("in", "out") and found.warranty.days_left is not None
    detail = assets.get_asset(alice.db, by_name(alice, "ACME-PRN-01").id)
    assert detail is not None
    assert detail.history[0].text == "created"
    subjects = {t.subject for t in detail.tickets}
    assert "Front-desk printer jams on every second page" in subjects
    assert "Reception printer jamming again (13.B2)" in subjects  # bob's earlier visit


def test_an_idle_sync_asks_nothing_about_assets(alice: Technician) -> None:
    report = alice.sync()
    assert report.ok and report.assets_pulled == 0
    assert report.requests <= 4


def test_licences_arrive_only_where_rt_lets_the_user_see_them_and_never_in_logs(
    rt: RunningRT, alice: Technician, tmp_path: Path
) -> None:
    assert not assets.find_assets(alice.db, "ACME-LIC")
    grant_catalog_rights(
        rt, "Software Licences", "Field Technicians", "ShowCatalog", "ShowAsset", "SeeCustomField"
    )
    log_path = setup_profile_log(tmp_path / "logs")
    logging.getLogger("sync").setLevel(logging.DEBUG)
    try:
        site_assets.refresh(alice.db, alice.connector, refresh_after=0)
        alice.sync()
    finally:
        logging.getLogger("sync").setLevel(logging.NOTSET)
    [licence] = [f.asset for f in assets.find_assets(alice.db, "ACME-LIC")]
    assert licence.licence_key == "FDK7Q-2M9XH-44RTP-KW8ZB-J3N6C"
    assert licence.catalog == "Software Licences"
    assert "FDK7Q" not in repr(licence)
    logged = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    assert "FDK7Q" not in logged


def test_a_replace_done_offline_leaves_rma_and_the_new_asset_linked_once(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    old = by_name(alice, "ACME-PRN-01")
    new_id = assets.replace_asset(
        alice.db,
        visit.id,
        old.id,
        note="HP case 5012-778: fuser fault",
        new_fields={"name": "ACME-PRN-02", "serial": "vnb9q00001\n"},
    )
    assert new_id < 0

    report = alice.sync()

    assert report.ok and report.pushed >= 1, report
    [row] = [r for r in rows(alice.db, include_done=True) if r.kind == "asset_replace"]
    assert row.state == "done"
    server_old = boss.fetch_asset(old.id)
    assert server_old.status == "rma"
    assert "HP case 5012-778" in (server_old.description or "")
    created = boss.find_asset(row.uuid)
    assert created is not None and created == int(row.result or 0)
    server_new = boss.fetch_asset(created)
    assert (server_new.serial, server_new.site) == ("VNB9Q00001", SITE)
    linked = {a.id for a in boss.fetch_assets(visit.id)}
    assert {old.id, created} <= linked
    assert assets.get_asset(alice.db, new_id) is None
    assert by_name(alice, "ACME-PRN-02").id == created
    again = alice.sync()
    assert again.ok and again.pushed == 0


def test_an_asset_field_changed_in_rt_and_here_ends_in_a_recorded_conflict(
    alice: Technician, boss: RTConnector
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    assets.edit_asset(
        alice.db, nas.id, {"model": "Synology DS220+ 2-bay", "warranty": "2027-02-28"}
    )
    boss.update_asset(nas.id, {"model": "Synology DS220plus"})

    report = alice.sync()

    assert report.conflicts == 1, report
    [conflict] = assets.open_asset_conflicts(alice.db, nas.id)
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "model",
        "Synology DS220+ 2-bay",
        "Synology DS220plus",
    )
    server = boss.fetch_asset(nas.id)
    assert server.model == "Synology DS220plus", "RT's edit was not overwritten"
    assert server.warranty == "2027-02-28", "the field only changed here still went"
    assert assets.resolve_asset_conflict(alice.db, conflict.id, "mine")
    assert alice.sync().ok
    assert boss.fetch_asset(nas.id).model == "Synology DS220+ 2-bay"


def test_an_asset_added_and_one_retired_on_the_visit_reach_rt(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    local = assets.add_asset(
        alice.db, {"name": "ACME-SW-02", "serial": "SW8800121", "site": SITE}, ticket_id=visit.id
    )
    access_point = by_name(alice, "ACME-AP-01")
    assets.retire_asset(alice.db, access_point.id, "lightning damage", ticket_id=visit.id)

    assert alice.sync().ok

    [row] = [r for r in rows(alice.db, include_done=True) if r.kind == "asset_add"]
    assert boss.fetch_asset(int(row.result or 0)).name == "ACME-SW-02"
    assert int(row.result or 0) in {a.id for a in boss.fetch_assets(visit.id)}
    assert boss.fetch_asset(access_point.id).status == "retired"
    assert assets.get_asset(alice.db, local) is None
    actions = [t.action for t in assets.touches_of(alice.db, visit.id)]
    assert actions == ["replaced", "replacement", "added", "retired"]
