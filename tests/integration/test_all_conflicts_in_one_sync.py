"""Every field changed on both sides surfaces in the same sync, against the real RT.

A technician who changed four fields (in one edit or several) while the office
changed the same four must see four conflicts at once — not three now and the
fourth after resolving them — and the fields nobody else touched still go.
"""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.store import tickets as ticket_store
from tests.integration import test_refusal_causes
from tests.integration.helpers import (
    Technician,
    comments_with,
    connector,
    server_ticket,
    supervisor_update,
)

pytestmark = pytest.mark.rt


alice = test_refusal_causes.alice  # a fresh laptop, synced


def an_open_visit(laptop: Technician, index: int) -> ticket_store.Visit:
    return [v for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open")][index]


def new_values(rt: RunningRT, ticket_id: int) -> list[str | None]:
    """Every value a field of the ticket was set to, in RT's history."""
    history = connector(rt, "supervisor").fetch_history(ticket_id, 0)
    return [t.new_value for t in history if t.type in ("Set", "Status", "CustomField")]


def test_four_fields_changed_on_both_sides_are_four_conflicts_in_one_sync(
    rt: RunningRT, alice: Technician
) -> None:
    visit = an_open_visit(alice, 0)
    # Two fields in one edit, a note, then two fields in separate edits, and one
    # field nobody else touches.
    outbox.set_fields(alice.db, visit.id, {"parts_used": "Toner TN-2420", "contact": "Mia"})
    outbox.add_note(alice.db, visit.id, "Checked the fuser.", author="alice", minutes=5)
    outbox.set_fields(alice.db, visit.id, {"priority": "80"})
    outbox.set_fields(alice.db, visit.id, {"address": "Dock 4, Harbour Road 12"})
    outbox.set_fields(alice.db, visit.id, {"status": "stalled"})
    supervisor_update(
        rt,
        visit.id,
        {
            "parts_used": "Drum DR-2400",
            "contact": "Front desk, ext. 201",
            "priority": "20",
            "address": "Harbour Road 12, back entrance",
        },
    )

    report = alice.sync()

    assert report.conflicts == 4, report
    found = {c.field: (c.mine, c.theirs) for c in conflicts.open_conflicts(alice.db, visit.id)}
    assert found == {
        "parts_used": ("Toner TN-2420", "Drum DR-2400"),
        "contact": ("Mia", "Front desk, ext. 201"),
        "priority": ("80", "20"),
        "address": ("Dock 4, Harbour Road 12", "Harbour Road 12, back entrance"),
    }
    said = [row.last_error for row in outbox.rows(alice.db) if row.state == "conflict"]
    assert said and all("parts_used" not in (text or "") for text in said), said
    assert any("Parts used" in (text or "") for text in said), "named as the screens name it"
    remote = server_ticket(rt, visit.id)
    # Nothing overwritten over there; what had no conflict went through.
    assert remote.fields["parts_used"] == "Drum DR-2400"
    assert remote.fields["priority"] == "20"
    assert remote.fields["status"] == "stalled"
    assert len(comments_with(rt, visit.id, "Checked the fuser.")) == 1

    conflicts.resolve(alice.db, visit.id, "parts_used", "both")
    conflicts.resolve(alice.db, visit.id, "contact", "mine")
    conflicts.resolve(alice.db, visit.id, "priority", "theirs")
    conflicts.resolve(alice.db, visit.id, "address", "mine")
    report = alice.sync()

    assert report.ok and report.conflicts == 0, report
    remote = server_ticket(rt, visit.id)
    expected = {
        "parts_used": "Drum DR-2400\nToner TN-2420",
        "contact": "Mia",
        "priority": "20",
        "address": "Dock 4, Harbour Road 12",
        "status": "stalled",
    }
    assert {name: remote.fields[name] for name in expected} == expected
    local = ticket_store.get_visit(alice.db, visit.id)
    assert local is not None
    assert {name: local.field(name) for name in expected} == expected
    assert local.open_conflicts == 0 and local.pending_changes == 0
    # Each chosen value went once; a further sync sends nothing.
    assert alice.sync().pushed == 0
    sent = new_values(rt, visit.id)
    assert all(sent.count(value) == 1 for value in expected.values()), sent
    assert "80" not in sent, "'theirs' kept: our priority never went"
    assert len(comments_with(rt, visit.id, "Checked the fuser.")) == 1


def test_a_field_edited_twice_and_changed_over_there_is_one_conflict_on_the_last_value(
    rt: RunningRT, alice: Technician
) -> None:
    visit = an_open_visit(alice, 1)
    outbox.set_fields(alice.db, visit.id, {"contact": "Mia"})
    outbox.set_fields(alice.db, visit.id, {"contact": "Mia Jensen, ext. 12"})
    supervisor_update(rt, visit.id, {"contact": "Front desk"})

    assert alice.sync().conflicts >= 1

    [conflict] = conflicts.open_conflicts(alice.db, visit.id)
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "contact",
        "Mia Jensen, ext. 12",
        "Front desk",
    )
    # The first edit's row is closed: its value was superseded by the second.
    assert [r.state for r in outbox.rows(alice.db)] == ["conflict"]
    conflicts.resolve(alice.db, visit.id, "contact", "mine")
    report = alice.sync()
    assert report.ok and report.conflicts == 0
    assert server_ticket(rt, visit.id).fields["contact"] == "Mia Jensen, ext. 12"
    assert new_values(rt, visit.id).count("Mia") == 0, "the superseded value never went"
    assert outbox.rows(alice.db) == []
