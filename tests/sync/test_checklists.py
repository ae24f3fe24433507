"""Checklists and the visit timer on a replica (no helpdesk): format, merge, kinds, timer."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.changes.checklist import RequiredItemsOpen, send_checklists
from sync.changes.time_entry import log_time
from sync.checklist_format import parse_template
from sync.connectors.base import RemoteArticle
from sync.store import checklists as store
from sync.store import open_database, timers, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import InvalidChange
from tests.sync.test_store import remote_ticket

TEMPLATE = """# Readings
Page count [value: pages] [required]
- Paper path [choice: good | worn | replace]
Clean the rollers
clean   THE rollers
[required]
"""


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket())
        store.remember_visit_types(database, 7, ("printer check",))
    return database


def template(content: str = TEMPLATE, stamp: str = "2026-11-20T08:00:00Z") -> RemoteArticle:
    return RemoteArticle(40, "Printer check", "", content, stamp, disabled=False)


def pull(db: sqlite_utils.Database, article: RemoteArticle) -> None:
    with transaction(db):
        store.apply_remote_templates(db, [article])


def test_the_format_reads_marks_headings_and_html_from_rts_editor() -> None:
    items = parse_template(TEMPLATE)
    assert [(i.section, i.text, i.required, i.value_label, i.choices) for i in items] == [
        ("Readings", "Page count", True, "pages", ()),
        ("Readings", "Paper path", False, None, ("good", "worn", "replace")),
        ("Readings", "Clean the rollers", False, None, ()),  # its twin is one item
    ]
    html = "<h2>Cabinet</h2><ul><li>UPS runtime [value: min]</li><li>Door &amp; lock</li></ul>"
    assert [(i.section, i.text) for i in parse_template(html)] == [
        ("Cabinet", "UPS runtime"),
        ("Cabinet", "Door & lock"),
    ]


def test_a_visit_type_names_its_checklist_and_progress_counts_ticks(
    db: sqlite_utils.Database,
) -> None:
    pull(db, template())
    store.ensure_all_checklists(db)
    store.ensure_all_checklists(db)  # idempotent
    (checklist,) = store.checklists(db, 7)
    assert (checklist.name, checklist.origin, checklist.total) == ("Printer check", "visit type", 3)
    store.tick(db, 7, 3, True, by="alice")
    store.set_value(db, 7, 2, "WORN", by="alice")  # a choice, case ignored
    assert store.item(db, 7, 2).value == "worn"
    with pytest.raises(InvalidChange, match="takes one of: good, worn, replace"):
        store.set_value(db, 7, 2, "broken", by="alice")
    assert store.progress_by_visit(db) == {7: (2, 3)}


def test_sending_needs_a_reason_for_open_required_items_and_discarding_allows_again(
    db: sqlite_utils.Database,
) -> None:
    pull(db, template())
    with pytest.raises(RequiredItemsOpen, match="1 Page count"):
        send_checklists(db, 7, author="alice")
    (row_uuid,) = send_checklists(db, 7, author="alice", reason="counter unreadable")
    assert send_checklists(db, 7, author="alice") == []
    (row,) = outbox.rows(db)
    assert (row.kind, row.payload["ticket_fields"]) == (
        "checklist",
        {"Checklist State": "incomplete"},
    )
    assert row.describe() == "#7: Checklist: Printer check"
    assert [h.body for h in ticket_store.history(db, 7) if h.client_uuid == row_uuid]

    outbox.discard(db, row.seq)
    assert all(h.client_uuid != row_uuid for h in ticket_store.history(db, 7))
    assert len(send_checklists(db, 7, author="alice")) == 1, "discarded: it can go again"


def test_a_template_edit_keeps_work_and_drops_untouched_items(db: sqlite_utils.Database) -> None:
    pull(db, template())
    store.ensure_checklists(db, 7)
    store.tick(db, 7, 3, True, by="alice")  # "Clean the rollers"
    pull(
        db,
        template("Paper path [choice: good | bad]\nNew: check the fuser\n", "2026-11-21T08:00:00Z"),
    )
    (checklist,) = store.checklists(db, 7)
    assert [(i.text, i.in_template, i.ticked, i.choices) for i in checklist.items] == [
        ("Paper path", True, False, ("good", "bad")),
        ("New: check the fuser", True, False, ()),
        ("Clean the rollers", False, True, ()),
    ]


def test_one_timer_runs_at_a_time_and_its_time_is_logged_once(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(8))
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    # Real time passes as the clock says (else 08:00 to 08:20 is a jump, not counted).
    awake = [0.0]
    monkeypatch.setattr(timers, "_awake", lambda: awake[0])
    timers.start(db, 7, "travel", now=start)
    awake[0] = 20 * 60.0
    paused = timers.start(db, 8, "on_site", now=start + timedelta(minutes=20))
    assert paused is not None and (paused.ticket_id, paused.kind) == (7, "travel")
    assert timers.timers(db, 7)["travel"].seconds() == 20 * 60
    assert timers.running(db) == timers.timers(db, 8)["on_site"]
    with pytest.raises(InvalidChange, match="stop the timer"):
        log_time(db, 8, "on_site", 5, "", author="alice")
    log_time(db, 7, "travel", 20, "", author="alice")
    (row,) = outbox.rows(db)
    assert row.payload["txn_fields"] == {"Time Type": "Travel"}
    assert row.payload["time_taken"] == 20
    assert timers.timers(db, 7)["travel"].seconds() == 0
    outbox.discard(db, row.seq)
    assert timers.timers(db, 7)["travel"].seconds() == 20 * 60, "discarded: the time is back"


def test_a_ticket_created_offline_keeps_its_checklist_and_timer_when_numbered(
    db: sqlite_utils.Database,
) -> None:
    pull(db, template())
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(-1))
    store.add_checklist(db, -1, "printer check")
    store.tick(db, -1, 3, True, by="alice")
    timers.start(db, -1, "on_site")
    ticket_store.renumber_ticket(db, -1, 99)
    assert store.progress_by_visit(db) == {99: (1, 3)}
    running = timers.running(db)
    assert running is not None and running.ticket_id == 99
    with transaction(db):
        ticket_store.remove_ticket(db, 99)
    assert store.progress_by_visit(db) == {} and timers.running(db) is None
    assert db.execute("SELECT COUNT(*) FROM checklist_items").fetchone()[0] == 0


def test_todays_time_follows_the_laptops_day_not_greenwichs(
    db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 20:30 on the 1st in New York (01:30 on the 2nd in UTC), "today" is the 1st
    there: its afternoon counts, the small hours of the 1st in UTC (the 30th's
    evening in New York) do not."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        for created, minutes in (
            ("2026-12-01T18:00:00Z", 25),  # 13:00 in New York
            ("2026-12-02T01:10:00Z", 5),  # 20:10 in New York
            ("2026-12-01T03:00:00Z", 40),  # 22:00 on the 30th in New York
        ):
            db.execute(
                "INSERT INTO history (ticket_id, type, created, creator, time_taken)"
                " VALUES (7, 'Comment', ?, 'alice', ?)",
                [created, minutes],
            )
        evening_in_new_york = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)
        assert timers.logged_today(db, evening_in_new_york) == {7: 30}
        assert timers.day_minutes(db, 7, evening_in_new_york) == 30
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
