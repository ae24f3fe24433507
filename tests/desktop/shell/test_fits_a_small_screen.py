"""The window fits a 1024-px-wide laptop screen with a visit open.

Everything the visit panel holds that is wider (the action bar's buttons) goes to
"More" instead of holding the window wider than the screen.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

SMALL_SCREEN = 1024


def test_a_visit_with_its_timers_fits_1024_pixels(qtbot: QtBot, profile: Profile) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(7, subject="Front-desk printer jams on every second page")
        )
    db.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(SMALL_SCREEN, 640)
    window.show()
    qtbot.waitExposed(window)
    window.open_visit(7)
    qtbot.wait(50)

    assert window.minimumSizeHint().width() <= SMALL_SCREEN
    assert window.width() <= SMALL_SCREEN
    bar = window.visit_panel.work_actions.bar
    assert bar.more_button.isVisible()
    assert bar.more_actions(), "what does not fit is under More"
