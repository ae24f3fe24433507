"""A running visit timer survives the app being killed: its start is in the replica."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from devrt.instance import RunningRT
from sync.profile import Profile
from sync.profile_key import key_entry
from sync.secrets import SERVICE
from sync.session import Session
from sync.store import open_database, timers
from tests.desktop.visit.conftest import acme_printer_visit
from tests.integration.helpers import server_ticket

pytestmark = pytest.mark.rt

REPO = Path(__file__).resolve().parents[3]


def replica_key(profile: Profile) -> str:
    """The replica's key as the keyring holds it, for the app's own keyring."""
    key = keyring.get_password(SERVICE, key_entry(profile.root))
    assert key is not None
    return key


def running_timer(profile: Profile) -> timers.Timer | None:
    db = open_database(profile.database_path)
    try:
        return timers.running(db)
    finally:
        db.close()


def test_the_timer_keeps_running_through_a_killed_app_and_logs_once(
    alice: Profile, rt: RunningRT, qtbot: QtBot, tmp_path: Path
) -> None:
    db = open_database(alice.database_path)
    ticket = acme_printer_visit(db).id
    db.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    with (tmp_path / "app.log").open("wb") as log:
        app = subprocess.Popen(
            [sys.executable, "-m", "tests.desktop.shell.timer_app", str(alice.root), rt.url,
             rt.token("alice"), str(ticket), replica_key(alice)],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
        )  # fmt: skip
        try:
            qtbot.waitUntil(lambda: running_timer(alice) is not None, timeout=60_000)
        finally:
            app.kill()  # no goodbye: like a crash or a pulled battery
            app.wait(30)
    assert app.returncode == -9
    started = running_timer(alice)
    assert started is not None and (started.ticket_id, started.kind) == (ticket, "on_site")

    # The laptop stays off for 12 minutes: the clock moves on without the app.
    db = open_database(alice.database_path)
    db.execute(
        "UPDATE visit_timers SET running_since = strftime('%Y-%m-%dT%H:%M:%SZ',"
        " running_since, '-12 minutes')"
    )
    db.close()

    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    assert window.timer_status.isVisible()
    assert window.timer_status.text().startswith(f"⏱ #{ticket} On site 12:")
    window.open_visit(ticket)
    bar = window.visit_panel.timer
    assert bar.starts["on_site"].text() == "Pause", "still running after the restart"
    assert bar.clocks["on_site"].text().startswith("12:")
    worked = server_ticket(rt, ticket).time_worked

    bar.stops["on_site"].click()
    dialog = bar.dialog
    assert dialog is not None
    assert dialog.minutes.value() == 12
    assert dialog.note.text() == "Time on site: 12 min (visit timer)"
    dialog.submit()
    assert window.timer_status.isHidden(), "stopped: nothing runs any more"
    window.close()

    for _ in range(2):  # the second sync must not log it again
        session = Session(alice)
        try:
            assert session.sync().ok
        finally:
            session.close()
    assert server_ticket(rt, ticket).time_worked == worked + 12
