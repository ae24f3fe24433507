"""The checklist note on the helpdesk names who did each item and when as every other note
does -- real names, the laptop's time with its zone -- and still reaches RT once.

A review found each item stamped "2026-12-06 13:52 UTC" by "alice" (a login) in the
note, while the visit's other notes and the service report use local time and names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.changes.checklist import send_checklists
from sync.store import checklists as store
from sync.store import transaction
from sync.store.outbox import open_count
from tests.faults.checks import wait_until_due
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration.helpers import Technician, connector
from tests.integration.test_checklists import (
    PRINTER_TEMPLATE,
    PRINTER_VISIT,
    checklist_notes,
    visit_id,
)

pytestmark = pytest.mark.rt

DONE_AT = "2026-12-06T13:52:00Z"  # 14:52 in Berlin (CET)


def every_item_done(laptop: Technician, ticket: int) -> None:
    (checklist,) = store.checklists(laptop.db, ticket)
    for entry in checklist.items:
        if entry.choices:
            store.set_value(laptop.db, ticket, entry.number, entry.choices[0], by="alice")
        elif entry.value_label is not None:
            store.set_value(laptop.db, ticket, entry.number, "48210", by="alice")
        else:
            store.tick(laptop.db, ticket, entry.number, True, by="alice")
    with transaction(laptop.db):  # all at one known moment
        laptop.db.execute("UPDATE checklist_items SET changed_at = ?", [DONE_AT])


def test_the_note_says_real_names_and_the_laptops_time_and_goes_once(
    rt: RunningRT, laptop_in: Callable[[str], None], tmp_path: Path
) -> None:
    laptop_in("Europe/Berlin")
    alice = Technician(rt, "alice", tmp_path)
    assert alice.sync().ok
    ticket = visit_id(alice, PRINTER_VISIT)
    every_item_done(alice, ticket)
    assert len(send_checklists(alice.db, ticket, author="alice")) == 1

    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(comment_on(ticket), times=1)
        assert not alice.sync(proxy.url).ok  # RT kept the note; the answer was lost
    laptop_in("America/New_York")  # the laptop's zone changed before the retry
    wait_until_due(alice.db)
    assert alice.sync().ok
    assert open_count(alice.db) == 0

    (note,) = checklist_notes(connector(rt, "supervisor"), ticket, PRINTER_TEMPLATE)
    rows = [line for line in note.splitlines() if line.startswith("| 1 |")]
    assert rows and rows[0].endswith("| Alice Moreau | 2026-12-06 14:52 CET |"), rows
    assert "UTC" not in note and "| alice |" not in note
