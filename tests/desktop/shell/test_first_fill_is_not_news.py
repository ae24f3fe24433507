"""The first sync fills the replica quietly; visits arriving later are news."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from sync.store import transaction
from sync.store.settings import record_successful_sync
from tests.desktop.dispatch.sample_board import seed_board


def test_visits_of_the_first_sync_are_not_announced_as_new(profile: Profile, qtbot: QtBot) -> None:
    window = MainWindow(profile.ensure())  # a replica that never synced
    qtbot.addWidget(window)
    said: list[str] = []
    window.messages.shown.connect(lambda message: said.append(message.text))
    seed_board(window.db)  # what the first sync brings
    with transaction(window.db):
        record_successful_sync(window.db)
    with qtbot.waitSignal(window.visits.loaded):  # the list re-reads on its worker
        window.sync.ended.emit()
    assert not [text for text in said if "new visit" in text]
    assert window.notifier.last is None

    with transaction(window.db):
        window.db.execute("UPDATE tickets SET id = 999 WHERE id = 114")  # one more arrives
    with qtbot.waitSignal(window.visits.loaded):
        window.sync.ended.emit()
    assert [text for text in said if text.startswith("1 new visit: #999")]
