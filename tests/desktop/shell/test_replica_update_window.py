"""The first start after an update of FieldDesk that must update the local data: the
update runs behind a progress window that stays painted, then the window opens on the
updated data.  Before, it ran on the GUI thread and nothing was on screen for as long as
it took (seconds with a large KB in Japanese, Greek or Polish)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog
from pytestqt.qtbot import QtBot

from desktop.app import Shell
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import database, kb
from sync.store.cipher import is_plaintext
from tests.sync.older_replica import before_the_search_forms_with_a_japanese_article

SEARCH_FORMS_MIGRATION = 19  # the KB's forms in other scripts (kb_forms)


@pytest.fixture
def left_by_an_earlier_release(profile: Profile) -> Profile:
    """A plaintext replica from before migration 19, holding a Japanese article."""
    before_the_search_forms_with_a_japanese_article(profile.database_path)
    return profile


class ProgressWatch:
    """Polls on the GUI thread for the progress window; the update waits until it is seen
    painted, so an update that blocked the GUI thread would never see it."""

    def __init__(self) -> None:
        self.seen = threading.Event()
        self.texts: list[str] = []
        self.update_threads: list[str] = []
        self._poll = QTimer(interval=20)
        self._poll.timeout.connect(self._look)
        self._poll.start()

    def _look(self) -> None:
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QProgressDialog) and dialog.isVisible():
                self.texts.append(dialog.labelText())
                self.seen.set()
                self._poll.stop()

    def slow_step(self, real_step: database.MigrationStep) -> database.MigrationStep:
        def step(conn: sqlite3.Connection) -> None:
            self.update_threads.append(threading.current_thread().name)
            self.seen.wait(timeout=10)  # a large KB's update, as long as it takes
            real_step(conn)

        return step


def test_an_update_runs_behind_a_progress_window_then_the_window_opens_on_its_data(
    left_by_an_earlier_release: Profile,
    shell_on: list[Shell],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    watch = ProgressWatch()
    steps = database._AFTER_MIGRATION
    slowed = watch.slow_step(steps[SEARCH_FORMS_MIGRATION])
    monkeypatch.setitem(steps, SEARCH_FORMS_MIGRATION, slowed)

    shell = Shell(left_by_an_earlier_release, explicit_profile=True)
    shell_on.append(shell)

    assert watch.seen.is_set(), "nothing was on screen while the local data was updated"
    assert watch.texts[0].startswith("Updating this profile's local data")
    assert watch.update_threads and watch.update_threads != ["MainThread"]
    window = shell.window
    assert window is not None and window.isVisible()
    assert [hit.id for hit in kb.search(window.db, "トナー ")] == [4]  # updated: found
    assert not is_plaintext(left_by_an_earlier_release.database_path)  # and encrypted


def test_a_replica_of_this_release_opens_with_no_update(
    profile: Profile, shell_on: list[Shell], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_replica(profile).close()  # made by this release
    updates: list[Profile] = []
    monkeypatch.setattr("desktop.app.update_replica", updates.append)

    shell = Shell(profile, explicit_profile=True)
    shell_on.append(shell)

    assert shell.window is not None and shell.window.isVisible()
    assert updates == []
