"""Visit checklists against the real RT: templates come down, a checklist goes up once."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from devrt.instance import RunningRT
from sync import attachments
from sync.changes.checklist import RequiredItemsOpen, send_checklists
from sync.connectors.rt import RTConnector
from sync.connectors.rt.common import CHECKLIST_CLASS
from sync.store import checklists as store
from sync.store import tickets as ticket_store
from sync.store.outbox import open_count
from tests.faults.checks import wait_until_due
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration.helpers import Technician, connector, server_ticket

pytestmark = pytest.mark.rt

PRINTER_VISIT = "Front-desk printer jams on every second page"
PRINTER_TEMPLATE = "Printer preventive maintenance"


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    report = laptop.sync()
    assert report.ok, report
    return laptop


def visit_id(laptop: Technician, subject: str) -> int:
    return next(v.id for v in ticket_store.list_visits(laptop.db) if v.subject == subject)


def checklist_notes(boss: RTConnector, ticket_id: int, name: str) -> list[str]:
    return [
        t.body or ""
        for t in boss.fetch_history(ticket_id, 0)
        if t.type == "Comment" and (t.body or "").startswith(f"Checklist: {name}")
    ]


def checklist_state(boss: RTConnector, ticket_id: int) -> str | None:
    body = boss.http.get(f"ticket/{ticket_id}").body
    for field in body.get("CustomFields", []):
        if field.get("name") == "Checklist State":
            return field["values"][0] if field["values"] else None
    return None


def write_template(boss: RTConnector, name: str, content: str) -> int:
    """As a supervisor in RT's article editor: a new template, or a new version of one."""
    class_id = int(boss.http.get(f"class/{quote(CHECKLIST_CLASS)}").body["id"])
    query = json.dumps([{"field": "Class", "value": class_id}, {"field": "Name", "value": name}])
    found = boss.http.get("articles", {"query": query}).body["items"]
    if found:
        article_id = int(found[0]["id"])
        boss.http.put(f"article/{article_id}", {"CustomFields": {"Content": content}})
        return article_id
    reply = boss.http.post(
        "article", {"Class": class_id, "Name": name, "CustomFields": {"Content": content}}
    )
    return int(reply.body["id"])


def test_templates_come_down_and_a_visit_gets_the_checklist_its_visit_type_names(
    alice: Technician,
) -> None:
    names = [name for _id, name in store.templates(alice.db)]
    assert names == ["Network cabinet check", "PC install", PRINTER_TEMPLATE]
    (checklist,) = store.checklists(alice.db, visit_id(alice, PRINTER_VISIT))
    assert checklist.name == PRINTER_TEMPLATE
    assert (checklist.done, checklist.total) == (0, 11)
    first = checklist.items[0]
    assert (first.section, first.text, first.required, first.value_label) == (
        "Readings",
        "Page count before service",
        True,
        "pages",
    )
    rollers = store.find_key(list(checklist.items), "Inspect pickup and separation rollers")
    assert rollers is not None and rollers.choices == ("good", "worn", "replaced")


def test_a_template_written_in_rt_reaches_the_replica_at_the_next_sync(
    rt: RunningRT, alice: Technician
) -> None:
    boss = connector(rt, "supervisor")
    write_template(boss, "Wi-Fi survey", "# Survey\nSignal strength in each room [value: dBm]\n")
    before = alice.connector.request_count
    assert alice.sync().ok
    assert "Wi-Fi survey" in [name for _id, name in store.templates(alice.db)]
    idle_cost = alice.connector.request_count - before
    assert alice.sync().ok
    assert alice.connector.request_count - before - idle_cost <= idle_cost


def test_a_checklist_done_offline_reaches_rt_once_as_note_photo_and_state(
    rt: RunningRT, alice: Technician, tmp_path: Path
) -> None:
    ticket = visit_id(alice, PRINTER_VISIT)
    db = alice.db
    boss = connector(rt, "supervisor")
    worked_before = server_ticket(rt, ticket).time_worked
    (checklist,) = store.checklists(db, ticket)
    for entry in checklist.items:
        if entry.text.startswith("Print a configuration report"):
            continue  # required, left undone: the printer ran out of paper
        if entry.choices:
            store.set_value(db, ticket, entry.number, entry.choices[0], by="alice")
        elif entry.value_label is not None:
            store.set_value(db, ticket, entry.number, "48210", by="alice")
        else:
            store.tick(db, ticket, entry.number, True, by="alice")
    photo_file = tmp_path / "fuser.jpg"
    photo_file.write_bytes(b"\xff\xd8\xff\xe0 a fuser photo")
    photo = attachments.import_file(tmp_path / "attachments", photo_file)
    store.set_photo(db, ticket, 5, photo, by="alice")
    store.set_comment(db, ticket, 5, "Rollers glazed, cleaned", by="alice")

    with pytest.raises(RequiredItemsOpen, match="required items not done: 9 Print"):
        send_checklists(db, ticket, author="alice")
    assert len(send_checklists(db, ticket, author="alice", reason="no paper on site")) == 1

    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(comment_on(ticket), times=1)
        assert not alice.sync(proxy.url).ok  # RT kept the note; the reply was lost
        wait_until_due(db)
        assert alice.sync(proxy.url).ok
    assert alice.sync().ok
    assert open_count(db) == 0

    (note,) = checklist_notes(boss, ticket, PRINTER_TEMPLATE)
    assert "Progress: 10/11 done" in note
    assert "NOT DONE (required): no paper on site" in note
    assert "| 5 | Inspect pickup and separation rollers | done | good |" in note
    assert "Rollers glazed, cleaned [photo: item05-" in note
    assert checklist_state(boss, ticket) == "incomplete"
    (txn,) = [t for t in boss.fetch_history(ticket, 0) if (t.body or "").startswith("Checklist:")]
    assert [a.filename for a in txn.attachments] == [f"item05-{photo['filename']}"]
    assert server_ticket(rt, ticket).time_worked == worked_before
    assert send_checklists(db, ticket, author="alice") == [], "unchanged: nothing to send"

    # Paper arrived: the last item is done and sent as one revision.
    (last,) = [i for i in store.checklists(db, ticket)[0].items if i.text.startswith("Print a")]
    store.tick(db, ticket, last.number, True, by="alice")
    assert len(send_checklists(db, ticket, author="alice")) == 1
    store.set_comment(db, ticket, last.number, "Paper delivered at 11:00", by="alice")
    assert len(send_checklists(db, ticket, author="alice")) == 1, "replaces the unsent one"
    assert open_count(db) == 1
    assert alice.sync().ok
    assert alice.sync().ok
    notes = checklist_notes(boss, ticket, PRINTER_TEMPLATE)
    assert len(notes) == 2
    assert "(revision 2, replaces revision 1)" in notes[1]
    assert "Progress: 11/11 done" in notes[1]
    assert "Paper delivered at 11:00" in notes[1]
    assert checklist_state(boss, ticket) == "complete"


def test_a_template_edited_in_rt_mid_visit_keeps_the_technicians_ticks(
    rt: RunningRT, alice: Technician
) -> None:
    ticket = visit_id(alice, "Reception phone keeps rebooting, patients cut off")
    db = alice.db
    (checklist,) = store.checklists(db, ticket)
    assert checklist.name == "Network cabinet check"
    items = {i.text: i for i in checklist.items}
    store.set_value(db, ticket, items["UPS status and battery runtime"].number, "25", by="alice")
    store.tick(db, ticket, items["Fans running and filters clean"].number, True, by="alice")
    store.set_comment(db, ticket, items["Firmware versions recorded"].number, "v2.1", by="alice")

    # The supervisor rewrites it: fans gone (ticked here), firmware moved, an item added,
    # tidiness items dropped (untouched here), UPS runtime no longer required.
    write_template(
        connector(rt, "supervisor"),
        "Network cabinet check",
        "# Checks\nFirmware versions recorded [value]\nUPS status and battery runtime"
        " [value: min]\nPoE budget on the phone switch [value: W] [required]\n",
    )
    assert alice.sync().ok

    (merged,) = store.checklists(db, ticket)
    shown = [(i.text, i.in_template, i.ticked, i.value, i.comment) for i in merged.items]
    assert shown == [
        ("Firmware versions recorded", True, False, None, "v2.1"),
        ("UPS status and battery runtime", True, True, "25", None),
        ("PoE budget on the phone switch", True, False, None, None),
        ("Fans running and filters clean", False, True, None, None),
    ]
    assert (merged.done, merged.total) == (1, 3)
    assert not merged.items[1].required
