"""A note written offline is dated when it was written, not when a later sync sent it.

A technician logs 40 minutes at 23:55 and syncs the next morning: the laptop still
shows the note (and its minutes) on the evening it was written, and the morning's
service report does not put yesterday's work under today's.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import sync.changes.note as note_module
from devrt.instance import RunningRT
from sync import outbox, workflow
from sync.store import tickets as ticket_store
from sync.store import timers
from tests.integration import test_refusal_causes
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt

alice = test_refusal_causes.alice  # a fresh laptop, synced
BERLIN = ZoneInfo("Europe/Berlin")
TEXT = "notewritten: replaced the fuser, tested 20 pages"  # a reply: the report lists those


@pytest.fixture
def laptop_in_berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_note_written_late_yesterday_stays_yesterdays_after_the_sync(
    rt: RunningRT, alice: Technician, laptop_in_berlin: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ticket_id = test_refusal_causes.an_open_visit(alice)
    now = datetime.now(UTC)
    yesterday = now.astimezone(BERLIN).date() - timedelta(days=1)
    written = datetime(yesterday.year, yesterday.month, yesterday.day, 23, 55, tzinfo=BERLIN)
    late_yesterday = written + timedelta(minutes=3)
    before_yesterday = timers.logged_today(alice.db, late_yesterday).get(ticket_id, 0)
    before_today = timers.logged_today(alice.db, now).get(ticket_id, 0)
    stamp = written.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with monkeypatch.context() as clock:  # the laptop's clock, only while the note is saved
        clock.setattr(note_module, "now_iso", lambda: stamp)
        outbox.add_note(alice.db, ticket_id, TEXT, author="alice", public=True, minutes=40)

    assert alice.sync().ok
    assert alice.sync().ok  # a later pull brings RT's copy of the note again

    [entry] = [e for e in ticket_store.history(alice.db, ticket_id) if e.body == TEXT]
    assert entry.id is not None  # delivered
    assert entry.created == stamp  # shown at 23:55 yesterday, not at the sync's time
    assert timers.logged_today(alice.db, late_yesterday).get(ticket_id, 0) == (
        before_yesterday + 40
    )
    assert timers.logged_today(alice.db, now).get(ticket_id, 0) == before_today
    report = workflow.report_content(alice.db, ticket_id, user="alice", technician="Alice", now=now)
    assert TEXT not in report.work_done
    assert report.minutes_today == before_today
