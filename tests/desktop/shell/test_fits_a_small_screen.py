"""The window fits a 1024-px-wide laptop screen with a visit open.

Everything the visit panel holds that is wider (the action bar's buttons) goes to
"More" instead of holding the window wider than the screen.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync import outbox
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

SMALL_SCREEN = 1024


@pytest.mark.parametrize("logged_today", [0, 645], ids=["nothing today", "10 h 45 min today"])
def test_a_visit_with_its_timers_fits_1024_pixels(
    qtbot: QtBot, profile: Profile, logged_today: int
) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(7, subject="Front-desk printer jams on every second page")
        )
    if logged_today:  # the timer bar's "Today on this visit: 10 h 45 min", on one line
        outbox.add_note(db, 7, "Bench repair.", author="alice", minutes=logged_today)
    db.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(SMALL_SCREEN, 640)
    window.show()
    qtbot.waitExposed(window)
    window.open_visit(7)
    qtbot.wait(50)

    assert window.visit_panel.timer.today.isVisible() == bool(logged_today)
    assert window.minimumSizeHint().width() <= SMALL_SCREEN
    assert window.width() <= SMALL_SCREEN
    bar = window.visit_panel.work_actions.bar
    assert bar.more_button.isVisible()
    assert bar.more_actions(), "what does not fit is under More"
