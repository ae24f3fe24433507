"""A window left open all day does not keep the files opened that morning in plaintext:
a copy goes about an hour after its opening, and every copy goes when the laptop locks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from sync import attachments
from sync.open_copies import process_copies
from sync.profile import Profile
from tests.desktop.shell.test_offline_lock import laptop  # noqa: F401

REPORT = b"%PDF-1.4 service report for Julie Marsh, alarm code 4321"

# The window's start (desktop.app.run_gui) with a copy opened two hours ago and the
# sweep every 0.2 s instead of minutes; after 2 s: is the copy still there?
WINDOW = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import desktop.app as app
    from sync.open_copies import process_copies
    from sync.profile import Profile
    try:
        import desktop.shell.copy_sweep as copy_sweep
        copy_sweep.SWEEP_EVERY_MS = 200
    except ImportError:  # a FieldDesk that had no sweep
        pass
    stored = Path(sys.argv[1])
    def opened(self, profile):  # instead of the window: a file opened two hours ago
        copy = process_copies().copy_of(stored, "report.pdf")
        for made in process_copies()._made.values():
            made.opened -= 2 * 3600
        def look():
            print("copy still there:", copy.exists(), flush=True)
            QApplication.quit()
        QTimer.singleShot(2000, look)
    app.Shell.open = opened
    app.run_gui(Profile(Path(sys.argv[2])))
    """
)


def test_a_copy_opened_two_hours_ago_goes_while_the_window_stays_open(tmp_path: Path) -> None:
    stored = tmp_path / "attachments" / "7" / "3-report.pdf"  # plaintext: no key needed
    stored.parent.mkdir(parents=True)
    stored.write_bytes(REPORT)
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    done = subprocess.run(
        [sys.executable, "-c", WINDOW, str(stored), str(tmp_path / "profile")],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_RUNTIME_DIR": str(runtime),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "copy still there: False" in done.stdout, done.stdout + done.stderr
    assert not [p for p in runtime.rglob("*") if p.is_file() and p.name != "in-use.lock"]


def test_every_copy_goes_when_the_laptop_locks(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811 - IT locks after 7 days offline
) -> None:
    from desktop.shell.main_window import MainWindow  # noqa: PLC0415

    now = [datetime.now(UTC) + timedelta(days=6)]
    window = MainWindow(laptop, clock=lambda: now[0])
    qtbot.addWidget(window)
    window.auto_sync.stop()  # no helpdesk here
    stored = Path(attachments.import_bytes(laptop.attachments_dir, REPORT, "report.pdf")["path"])
    copy = process_copies().copy_of(stored, "report.pdf")  # opened a minute ago
    window.guard.check()
    assert copy.exists() and not window.locked

    now[0] += timedelta(days=2)  # past the limit while the window stays open
    window.guard.check()

    assert window.locked
    assert not copy.exists()
