"""The equipment history says what changed: "serial: old → new", not "14 changed"
(RT names a custom field in its history by its id)."""

from __future__ import annotations

import pytest

from sync import assets, site_assets
from sync.connectors.rt import RTConnector
from tests.integration import acme_assets
from tests.integration.acme_assets import by_name
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt

alice = acme_assets.alice  # this module's own laptop and supervisor
boss = acme_assets.boss
NEW_SERIAL = "F4E2C1A9B3D8"


def test_a_serial_changed_on_the_helpdesk_reads_with_its_old_and_new_value(
    alice: Technician, boss: RTConnector
) -> None:
    access_point = by_name(alice, "ACME-AP-01")
    old = access_point.serial
    boss.update_asset(access_point.id, {"serial": NEW_SERIAL})

    site_assets.refresh(alice.db, alice.connector, refresh_after=0)  # the inventory's next pull

    detail = assets.get_asset(alice.db, access_point.id)
    assert detail is not None
    said = [event.text for event in detail.history]
    assert f"serial: {old} → {NEW_SERIAL}" in said, said
