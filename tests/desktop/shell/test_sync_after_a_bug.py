"""A bug inside a sync ends that run for the window too: the next sync still starts."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.sync_controller import SyncController
from sync.profile import Profile


class BuggySession:
    """A session whose sync meets a bug (a puller raising what nobody expected)."""

    def __init__(self, _profile: Profile) -> None:
        pass

    def sync(self, **_options: Any) -> None:
        raise RuntimeError("a bug in a puller")

    def close(self) -> None:
        pass


def test_a_bug_in_a_sync_is_reported_and_the_next_sync_starts(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sync.session.Session", BuggySession)
    controller = SyncController(profile)
    for _run in range(2):
        with qtbot.captureExceptions() as raised:
            with qtbot.waitSignal(controller.failed, timeout=10_000) as said:
                assert controller.start(), "a sync starts (it did not after a bug)"
            qtbot.waitUntil(lambda: not controller.running)
        assert "unexpected error" in said.args[0]
        assert "next sync tries again" in said.args[0]
        # ...and the bug itself still reaches the crash handler, with its report.
        assert [str(error) for _kind, error, _trace in raised] == ["a bug in a puller"]
