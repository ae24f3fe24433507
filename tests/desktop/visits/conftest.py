"""The main window over a replica of 60 visits, for the refresh tests."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visits.model import Scope
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

VISITS = 60  # more than the list shows at once: it can be scrolled


def day(n: int) -> str:
    return f"2026-11-{1 + n % 28:02d}T{8 + n % 9:02d}:00:00Z"


@pytest.fixture
def window(profile: Profile, qtbot: QtBot) -> MainWindow:
    db = open_database(profile.database_path)
    with transaction(db):
        for n in range(1, VISITS + 1):
            ticket_store.apply_remote_ticket(
                db, remote_ticket(n, subject=f"Visit {n}", visit_start=day(n))
            )
    db.close()
    main = MainWindow(profile)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    main.visits.set_scope(Scope.ALL)
    return main
