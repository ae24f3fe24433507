"""The window's first fill reads the visits of the day on show, not every visit the
replica holds: the others follow off the GUI thread, and nothing the technician does
in the meantime finds them missing."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visits.model import OWNER, SITE, Scope
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.settings import record_successful_sync
from tests.desktop.visits.helpers import iso, record_reading_threads
from tests.sync.test_store import remote_ticket

TODAY = (1, 2, 3)  # three visits today...
OTHER_DAYS = range(10, 50)  # ...and forty on other days, one of them bob's
BOBS = 30


def at_noon(days_from_today: int) -> str:
    noon = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)
    return iso(noon + timedelta(days=days_from_today))


@pytest.fixture
def replica(profile: Profile) -> Profile:
    db = open_database(profile.database_path)
    with transaction(db):
        for n in TODAY:
            ticket_store.apply_remote_ticket(db, remote_ticket(n, visit_start=at_noon(0)))
        for n in OTHER_DAYS:
            when = at_noon(n - 30 if n - 30 else 40)  # -20 … +19 days, never today
            owner = "bob" if n == BOBS else "alice"
            ticket_store.apply_remote_ticket(db, remote_ticket(n, visit_start=when, owner=owner))
        ticket_store.apply_remote_ticket(db, remote_ticket(99, visit_start=None))
        record_successful_sync(db)
    db.close()
    return profile


@pytest.fixture
def reading_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return record_reading_threads(monkeypatch)


def opened(profile: Profile, qtbot: QtBot) -> MainWindow:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    return window


def test_the_first_fill_reads_today_and_the_rest_follows_on_a_worker(
    replica: Profile, qtbot: QtBot, reading_threads: list[str]
) -> None:
    window = opened(replica, qtbot)
    page = window.visits
    assert page.partly_read
    assert page.model.visit_count() == len(TODAY)
    assert reading_threads == [], "the first fill read every visit"

    with qtbot.waitSignal(page.loaded, timeout=10_000):  # the rest, after the first paint
        window.show()
    assert not page.partly_read
    assert reading_threads and threading.main_thread().name not in reading_threads
    assert page.model.visit_count() == len(TODAY)  # the same day on show
    page.set_scope(Scope.ALL)
    assert page.model.visit_count() == len(TODAY) + len(OTHER_DAYS) + 1


def test_all_chosen_before_the_rest_arrived_lists_every_visit(
    replica: Profile, qtbot: QtBot
) -> None:
    page = opened(replica, qtbot).visits
    week = page.scope_buttons.buttons()[1]
    everything = page.scope_buttons.buttons()[2]
    week.click()
    in_the_week = page.model.visit_count()
    assert in_the_week >= len(TODAY)
    everything.click()
    assert not page.partly_read
    assert page.model.visit_count() == len(TODAY) + len(OTHER_DAYS) + 1
    week.click()
    assert page.model.visit_count() == in_the_week


def test_a_visit_on_another_day_opens_before_the_rest_arrived(
    replica: Profile, qtbot: QtBot
) -> None:
    window = opened(replica, qtbot)
    window.open_visit(45)  # a related ticket, a timer's visit: another day
    assert window.visits.selected_id == 45
    assert window.visits.select(99)  # not scheduled: shown under All


def test_the_owner_column_shows_when_a_visit_on_another_day_is_someone_elses(
    replica: Profile, qtbot: QtBot
) -> None:
    window = opened(replica, qtbot)
    assert window.visits.partly_read
    assert not window.visits.list.isColumnHidden(OWNER)
    window.visits.model.sort(SITE)  # a header clicked: still everyone's visits
    assert window.visits.model.owners() == {"alice", "bob"}


def test_a_visit_arriving_before_the_rest_was_read_is_news(replica: Profile, qtbot: QtBot) -> None:
    window = opened(replica, qtbot)
    said: list[str] = []
    window.messages.shown.connect(lambda message: said.append(message.text))
    with transaction(window.db):  # the start-up sync brings one visit next week
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(500, visit_start=at_noon(7), subject="New install")
        )
    with qtbot.waitSignal(window.visits.loaded, timeout=10_000):
        window.sync.ended.emit()
    assert [text for text in said if text.startswith("1 new visit: #500")]
    assert not [text for text in said if "#4" in text or "#1" in text]  # only that one


def test_the_rest_arriving_is_not_news(replica: Profile, qtbot: QtBot) -> None:
    window = opened(replica, qtbot)
    said: list[str] = []
    window.messages.shown.connect(lambda message: said.append(message.text))
    with qtbot.waitSignal(window.visits.loaded, timeout=10_000):
        window.show()
    assert not window.visits.partly_read
    assert not [text for text in said if "new visit" in text]
    assert window.notifier.last is None


def test_late_in_the_evening_the_day_is_the_local_one(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replica times are UTC: a visit at 23:30 local time is on the local day even
    where that is the next day in UTC (and 00:30 on the previous one)."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    import time  # noqa: PLC0415

    time.tzset()
    try:
        local = datetime.now().astimezone()
        evening = local.replace(hour=23, minute=30, second=0, microsecond=0)
        night = local.replace(hour=0, minute=30, second=0, microsecond=0)
        db = open_database(profile.database_path)
        with transaction(db):
            ticket_store.apply_remote_ticket(db, remote_ticket(1, visit_start=iso(evening)))
            ticket_store.apply_remote_ticket(db, remote_ticket(2, visit_start=iso(night)))
            yesterday = evening - timedelta(days=1)
            ticket_store.apply_remote_ticket(db, remote_ticket(3, visit_start=iso(yesterday)))
        db.close()
        assert evening.astimezone(UTC).date() != evening.date()  # another day in UTC
        page = opened(profile, qtbot).visits
        assert page.partly_read
        assert {
            page.model.visit_at(row).id
            for row in range(page.model.rowCount())
            if page.model.visit_at(row) is not None
        } == {1, 2}
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
