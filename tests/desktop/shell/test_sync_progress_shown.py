"""The window follows a long batch of visits as it is read, against the real RT.

Eighty visits new since the last sync come down in one batch; the indicator, the
progress bar and the status bar must move during it, never back, in the words
the command line prints ("Downloading visits: 37 of 80 — history").
"""

from __future__ import annotations

import re

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from devrt.instance import RunningRT
from sync.profile import Profile
from tests.integration.rt_admin import add_comments, create_tickets

pytestmark = pytest.mark.rt

NEW_VISITS = 80
INDICATOR = re.compile(r"Syncing — downloading visits (\d+) of (\d+)")
STATUS = re.compile(r"Downloading visits: (\d+) of (\d+)(?: — (\w+))?")


def test_the_window_follows_a_long_batch_as_it_is_read(
    rt: RunningRT, alice: Profile, qtbot: QtBot
) -> None:
    # After alice's last sync: one batch of new visits, with some history each.
    add_comments(rt, create_tickets(rt, "alice", NEW_VISITS), 3)
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    seen: list[tuple[str, int, int, str]] = []

    def look(phase: str, *_: object) -> None:  # after the window took the signal
        if phase == "pull":
            bar = window.sync.progress
            status = window.statusBar().currentMessage()
            seen.append((window.indicator.text.text(), bar.value(), bar.maximum(), status))

    window.sync_controller.progressed.connect(look)
    with qtbot.waitSignal(window.sync_controller.finished, timeout=120_000) as finished:
        window.sync_action.trigger()
    assert finished.args[0].ok

    counts, steps = [], set()
    for indicator, value, maximum, status in seen:
        said = INDICATOR.match(indicator)
        line = STATUS.fullmatch(status)
        assert said and line, (indicator, status)
        assert int(said[1]) == value == int(line[1]) and int(said[2]) == maximum
        counts.append(value)
        steps.add(line[3])
    total = seen[-1][2]
    assert total == NEW_VISITS
    assert counts == sorted(counts) and counts[-1] == total
    assert len({c for c in counts if 0 < c < total}) >= 3, counts  # moved within the batch
    assert {"history", "attachments", "equipment"} <= steps
