"""The OS's view of the network is followed from the window's start, or -- when a sync
starts with the window -- from that sync's end, however it ends: until then a network
coming back could start nothing, and QtNetwork loads outside the window's first turn."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop.shell.window_sync import WindowSync
from sync.engine import SyncReport
from sync.profile import Profile
from tests.desktop.gui_helpers import Said


@pytest.fixture
def sync(profile: Profile, qtbot: QtBot, said: Said) -> WindowSync:
    main = QMainWindow()
    qtbot.addWidget(main)
    return WindowSync(main, profile, said.bridge, lambda: True)


def test_a_window_starting_without_a_sync_watches_the_network_at_once(sync: WindowSync) -> None:
    sync.auto.start()
    assert sync.auto.watching_network
    assert sync.auto.periodic.isActive()


ENDINGS: dict[str, Callable[[WindowSync], None]] = {
    "synced": lambda sync: sync.controller.finished.emit(SyncReport()),
    "offline": lambda sync: sync.controller.finished.emit(
        SyncReport(offline=True, error="the helpdesk cannot be reached")
    ),
    "failed": lambda sync: sync.controller.failed.emit("the worker stopped"),
}


@pytest.mark.parametrize("ending", sorted(ENDINGS))
def test_with_a_sync_starting_the_network_is_watched_from_its_end(
    sync: WindowSync, ending: str
) -> None:
    sync.auto.start(sync_starting=True)
    assert sync.auto.periodic.isActive()
    assert not sync.auto.watching_network
    ENDINGS[ending](sync)
    assert sync.auto.watching_network
