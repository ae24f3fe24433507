"""Changes to one piece of equipment reach RT in the order the technician made them.

The outbox sent a visit's changes as one group and a change naming only an asset
as another: an asset retired on a visit that already had a note queued went with
the visit's group, ahead of an edit of the same asset made before it.  RT then got
the retirement first, and the edit came back as a conflict with the technician's
own retirement ("keep mine" deleted the retirement's note).  Against the real RT.
"""

from __future__ import annotations

import pytest

from sync import assets
from sync.connectors.rt import RTConnector
from sync.outbox import add_note
from sync.store.outbox import rows
from tests.integration import acme_assets
from tests.integration.acme_assets import by_name, printer_visit
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt

alice = acme_assets.alice  # this module's own laptop and supervisor
boss = acme_assets.boss


def test_an_edit_made_before_a_retirement_on_a_visit_is_sent_before_it(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    access_point = by_name(alice, "ACME-AP-01")
    add_note(alice.db, visit.id, "Checked the wiring closet first.", author="alice")
    assets.edit_asset(alice.db, access_point.id, {"description": "Re-mounted above reception"})
    assets.retire_asset(alice.db, access_point.id, "lightning damage", ticket_id=visit.id)

    assert alice.sync().ok

    assert [row.state for row in rows(alice.db) if row.state == "conflict"] == []
    assert assets.open_asset_conflicts(alice.db) == []
    server = boss.fetch_asset(access_point.id)
    assert server.status == "retired"
    first, note = (server.description or "").splitlines()
    assert first == "Re-mounted above reception"
    assert note.endswith("retired: lightning damage")
