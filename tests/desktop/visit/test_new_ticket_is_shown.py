"""A ticket opened at a visit's site is the visit shown next: what the technician writes
after it (a photo, a note) goes on the new ticket, not on the visit they came from."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync import outbox
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.desktop.visit import helpers
from tests.sync.test_store import remote_ticket

SUBJECT = "Second reception PC will not boot"


def two_visits(profile: Profile) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(3, subject="Toner", site="Elmgrove"))
        ticket_store.apply_remote_ticket(db, remote_ticket(4, subject="Scanner", site="Acme"))
    db.close()


def window_on_visit_3(qtbot: QtBot, profile: Profile) -> MainWindow:
    two_visits(profile)
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not window.visits.partly_read, timeout=10_000)  # the rest is read
    window.open_visit(3)
    qtbot.waitUntil(lambda: shown(window) == 3, timeout=10_000)
    return window


def shown(window: MainWindow) -> int | None:
    """The visit in the panel (what a note goes on), if the list agrees on it."""
    visit = window.visit_panel.visit
    listed = window.visits.model.visit_at(window.visits.list.currentIndex().row())
    if visit is None or listed is None or listed.id != visit.id:
        return None
    return visit.id


def new_ticket_id(db: sqlite_utils.Database) -> int:
    (new,) = [v for v in ticket_store.list_visits(db) if v.subject == SUBJECT]
    return new.id


def test_the_new_ticket_is_selected_and_shown(qtbot: QtBot, profile: Profile) -> None:
    window = window_on_visit_3(qtbot, profile)
    helpers.new_ticket(qtbot, window.visit_panel, SUBJECT)
    new_id = new_ticket_id(window.db)
    qtbot.waitUntil(lambda: shown(window) == new_id, timeout=10_000)
    assert window.visit_panel.header.title.full_text.endswith(SUBJECT)
    assert window.visits.selected_id == new_id
    qtbot.wait(200)  # nothing later takes it back to #3
    assert shown(window) == new_id


def test_it_stays_shown_when_the_helpdesk_numbers_it(qtbot: QtBot, profile: Profile) -> None:
    window = window_on_visit_3(qtbot, profile)
    helpers.new_ticket(qtbot, window.visit_panel, SUBJECT)
    local_id = new_ticket_id(window.db)
    qtbot.waitUntil(lambda: shown(window) == local_id, timeout=10_000)

    # What the sync does when RT created it (sync.changes.new_ticket), then the refresh.
    (row,) = [r for r in outbox.rows(window.db) if r.kind == "create_ticket"]
    with transaction(window.db):
        ticket_store.renumber_ticket(window.db, local_id, 1234)
        outbox.mark_done(window.db, row.seq, "1234")
    window.refresh()

    qtbot.waitUntil(lambda: shown(window) == 1234, timeout=10_000)
    assert window.visit_panel.header.title.full_text.startswith("#1234 ")
