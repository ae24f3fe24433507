"""A checklist edited after the visit was resolved reaches the real RT, once, by itself:
the note and *Checklist State* catch up, and a revision does not attach again a photo
RT has from an earlier one (a retake goes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, outbox
from sync.store import checklists as store
from sync.workflow import resolve
from tests.integration.helpers import Technician, connector
from tests.integration.test_checklists import (
    PRINTER_TEMPLATE,
    PRINTER_VISIT,
    checklist_notes,
    checklist_state,
    visit_id,
)

pytestmark = pytest.mark.rt

SCAN_TEST = "Scan-to-email"  # item 10, not required
CONFIG_REPORT = "Print a configuration report"  # item 9, required


def test_a_checklist_changed_after_resolving_reaches_rt_once_without_its_photo_again(
    rt: RunningRT, tmp_path: Path
) -> None:
    alice = Technician(rt, "alice", tmp_path)
    assert alice.sync().ok
    db, ticket = alice.db, visit_id(alice, PRINTER_VISIT)
    boss = connector(rt, "supervisor")
    (checklist,) = store.checklists(db, ticket)
    left = {i.number for i in checklist.items if i.text.startswith((SCAN_TEST, CONFIG_REPORT))}
    for entry in checklist.items:
        if entry.number in left:
            continue
        if entry.choices:
            store.set_value(db, ticket, entry.number, entry.choices[0], by="alice")
        elif entry.value_label is not None:
            store.set_value(db, ticket, entry.number, "48210", by="alice")
        else:
            store.tick(db, ticket, entry.number, True, by="alice")
    source = tmp_path / "rv2_rollers.jpg"
    source.write_bytes(b"\xff\xd8\xff\xe0 glazed rollers")
    rollers = attachments.import_file(tmp_path / "attachments", source)
    store.set_photo(db, ticket, 5, rollers, by="alice")
    resolve(db, ticket, "Rollers replaced", minutes=30, author="alice", reason="no paper")

    # Ticked in the Checklist tab after resolving, before any sync.
    (scan,) = [i for i in store.checklists(db, ticket)[0].items if i.text.startswith(SCAN_TEST)]
    store.tick(db, ticket, scan.number, True, by="alice")
    assert alice.sync().ok
    (first,) = checklist_notes(boss, ticket, PRINTER_TEMPLATE)
    assert f"| {scan.number} | {scan.text} | done |" in first
    assert "Progress: 10/11 done" in first
    assert checklist_state(boss, ticket) == "incomplete"

    # Paper arrived after the sync: the required item is done too.
    (last,) = [i for i in store.checklists(db, ticket)[0].items if i.text.startswith(CONFIG_REPORT)]
    store.tick(db, ticket, last.number, True, by="alice")
    assert outbox.unsent_count(db) == 1, "waiting to be sent, and counted"
    assert alice.sync().ok
    assert alice.sync().ok
    assert outbox.unsent_count(db) == 0
    first, second = checklist_notes(boss, ticket, PRINTER_TEMPLATE)
    assert "(revision 2, replaces revision 1)" in second
    assert "Progress: 11/11 done" in second
    assert f"[photo: item05-{rollers['filename']}, attached with revision 1]" in second
    assert checklist_state(boss, ticket) == "complete"
    history = boss.fetch_history(ticket, 0)
    photos = [a.filename for t in history for a in t.attachments if a.filename.startswith("item")]
    assert photos == [f"item05-{rollers['filename']}"], "the photo is in RT once"

    # A retake (same name, new picture) is a change: revision 3 attaches it.
    source.write_bytes(b"\xff\xd8\xff\xe0 the new rollers")
    retake = attachments.import_file(tmp_path / "attachments", source)
    store.set_photo(db, ticket, 5, retake, by="alice")
    assert alice.sync().ok
    history = boss.fetch_history(ticket, 0)
    photos = [a.filename for t in history for a in t.attachments if a.filename.startswith("item")]
    assert photos == [f"item05-{rollers['filename']}", f"item05-{retake['filename']}"]
    assert len(checklist_notes(boss, ticket, PRINTER_TEMPLATE)) == 3
