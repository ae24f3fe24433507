"""A field the supervisor changed is named in the visit's history, not numbered.

RT's history names a custom field by its id ("7 → Fuser kit"); the technician
reads the field's name ("Parts Used → Fuser kit"), in the window and in
``fielddesk show``, which both read the replica's history.
"""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
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
