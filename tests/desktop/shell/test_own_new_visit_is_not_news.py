"""A ticket the technician opened offline is not "1 new visit: #276" once the sync
creates it on the helpdesk: its number changed, but nothing arrived."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.changes.new_ticket import create_ticket
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.settings import record_successful_sync
from tests.desktop.dispatch.sample_board import seed_board

NUMBERED = 276  # RT's number for it


def test_a_visit_opened_here_and_numbered_by_the_sync_is_not_announced(
    profile: Profile, qtbot: QtBot
) -> None:
    window = MainWindow(profile.ensure())
    qtbot.addWidget(window)
    said: list[str] = []
    window.messages.shown.connect(lambda message: said.append(message.text))
    seed_board(window.db)
    with transaction(window.db):
        record_successful_sync(window.db)
    with qtbot.waitSignal(window.visits.loaded):  # the first fill: what is known
        window.sync.ended.emit()
    local_id = create_ticket(
        window.db, subject="Toner smeared on every page", content="Seen on site", owner="alice"
    )
    with qtbot.waitSignal(window.visits.loaded):  # saved offline: still not news
        window.sync.ended.emit()

    ticket_store.renumber_ticket(window.db, local_id, NUMBERED)  # the sync created it
    with transaction(window.db):
        window.db.execute("UPDATE tickets SET id = 999 WHERE id = 114")  # and one came
    with qtbot.waitSignal(window.visits.loaded):
        window.sync.ended.emit()

    news = [text for text in said if "new visit" in text]
    assert news == ["1 new visit: #999"], news
    assert window.notifier.last is not None and "#276" not in window.notifier.last[1]
