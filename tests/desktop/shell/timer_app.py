"""The real FieldDesk window in a process of its own, for the timer restart test.

``python -m tests.desktop.shell.timer_app PROFILE URL TOKEN VISIT KEY`` signs the
profile in (token and the replica's key, as the keyring stores it, in this
process's memory keyring), opens the app's window
(``desktop.app.Shell``, start-up sync included), shows the visit and presses
its on-site timer's Start button, then runs until it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import keyring
from PySide6.QtCore import QTimer

from desktop.app import Shell, application
from sync.account import Account, save_account
from sync.profile import Profile
from sync.profile_key import key_entry
from sync.secrets import SERVICE, MemoryKeyring


def main(profile_dir: str, url: str, token: str, visit: str, replica_key: str) -> int:
    keyring.set_keyring(MemoryKeyring())
    profile = Profile(Path(profile_dir))
    keyring.set_password(SERVICE, key_entry(profile.root), replica_key)
    save_account(profile, Account(url=url, user="alice", auth="token"), token)
    app = application()
    shell = Shell(profile, explicit_profile=True)
    window = shell.window
    assert window is not None

    def start_the_timer() -> None:
        window.open_visit(int(visit))
        window.visit_panel.timer.starts["on_site"].click()

    QTimer.singleShot(0, start_the_timer)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:6]))
