"""RT names some things by id; the technician reads their names.

A custom field in a visit's history ("7 → Fuser kit": "Parts Used → Fuser kit"),
in the window and in ``fielddesk show``, which both read the replica's history;
a visit's equipment's catalog ("2": "Field Equipment") on the Equipment screen
and in ``fielddesk asset show``.
"""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync.store import assets as asset_store
from sync.store import tickets as ticket_store
from tests.integration import test_refusal_causes
from tests.integration.helpers import Technician, supervisor_update
from tests.integration.test_refusal_causes import an_open_visit

pytestmark = pytest.mark.rt

alice = test_refusal_causes.alice  # a fresh laptop, synced


def test_a_custom_field_change_reads_by_the_fields_name(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice)
    supervisor_update(rt, ticket, {"parts_used": "Fuser kit RM2-5399"})

    assert alice.sync().ok

    changes = [
        (e.field, e.new_value)
        for e in ticket_store.history(alice.db, ticket)
        if e.type == "CustomField"
    ]
    assert ("Parts Used", "Fuser kit RM2-5399") in changes
    assert not any(field and field.isdigit() for field, _ in changes), changes


def test_a_visits_equipment_names_its_catalog(alice: Technician) -> None:
    equipment = [
        asset
        for visit in ticket_store.list_visits(alice.db)
        for asset in asset_store.assets_of(alice.db, visit.id)
    ]

    assert equipment, "the sample visits have equipment"
    assert {asset.catalog for asset in equipment} == {"Field Equipment"}
