"""What the window made before its first paint is frozen out of the garbage
collector's walks while it is open, and collectable again once it closes (a
profile switch or a wipe must not leave the old window's visits in memory)."""

from __future__ import annotations

import gc

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell import long_lived
from desktop.shell.main_window import MainWindow
from sync.profile import Profile


def test_the_first_window_is_frozen_once_painted_and_thawed_when_it_closes(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(long_lived, "_done", [])  # as in a fresh process
    window = MainWindow(profile)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.started, timeout=5000):
        window.show()
    assert gc.get_freeze_count() > 0

    second = MainWindow(profile)  # another window in the same process is not frozen again
    qtbot.addWidget(second)
    with qtbot.waitSignal(second.started, timeout=5000):
        second.show()
    second.close()
    assert gc.get_freeze_count() > 0

    window.close()
    assert gc.get_freeze_count() == 0


def test_collections_held_for_the_start_come_back_with_the_first_paint(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(long_lived, "_done", [])  # as in a fresh process
    long_lived.hold_collections()  # as run_gui does
    try:
        assert not gc.isenabled()
        window = MainWindow(profile)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.started, timeout=5000):
            window.show()
        assert gc.isenabled()
        window.close()
    finally:
        gc.enable()


def test_a_visit_panel_that_cannot_be_made_stops_neither_the_syncs_nor_the_collector(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def damaged_disk(self: MainWindow) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(long_lived, "_done", [])  # as in a fresh process
    monkeypatch.setattr(MainWindow, "_make_visit_panel", damaged_disk)
    long_lived.hold_collections()  # as run_gui does
    try:
        window = MainWindow(profile)
        qtbot.addWidget(window)
        with qtbot.captureExceptions() as raised, qtbot.waitSignal(window.started, timeout=5000):
            window.show()
        assert [str(error) for _type, error, _tb in raised] == ["disk I/O error"]
        assert gc.isenabled()
        window.close()
    finally:
        gc.enable()
