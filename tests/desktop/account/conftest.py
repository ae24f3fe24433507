"""The sign-in dialog, as the account tests drive it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from desktop.account.sign_in import SignInDialog
from desktop.common.background import BackgroundTasks
from sync.profile import Profile


@pytest.fixture
def dialog(profile: Profile, qtbot: QtBot) -> Iterator[SignInDialog]:
    tasks = BackgroundTasks()
    sign = SignInDialog(profile, tasks)
    qtbot.addWidget(sign)
    yield sign
    tasks.shutdown()
