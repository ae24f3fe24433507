"""The demo: a private RT with sample data, and FieldDesk signed in to it."""

from __future__ import annotations

import sys
from pathlib import Path

import keyring

from devrt.instance import RTInstance
from sync import secrets
from sync.errors import SyncError
from sync.locked_replica import SIDE_FILES
from sync.profile import Profile
from sync.replica_mark import forget_replica
from sync.session import sign_in


def discard_replica(profile: Profile) -> None:
    path = profile.database_path
    for suffix in SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    forget_replica(profile)


def run_demo(instance: RTInstance, user: str, screenshot: Path | None) -> int:
    running = instance.up()
    if not secrets.keyring_available():
        # A server or container has no desktop keyring; keep the demo token
        # in this process's memory only rather than in a file.
        keyring.set_keyring(secrets.MemoryKeyring())
        print("No OS keyring here: the demo keeps its token in memory only.", file=sys.stderr)
        memory_only = True
    else:
        memory_only = False
    profile = Profile(instance.root / "profiles" / user).ensure()
    if memory_only:
        # The last demo's replica was encrypted with a key that lived only in that
        # process: nothing can read it again, so this demo starts on a fresh one.
        discard_replica(profile)
    try:
        # As the sign-in dialog does: the role is known before the window opens,
        # so a supervisor's window opens on the Dispatch board.
        remote = sign_in(profile, running.url, user, running.token(user), "token")
    except SyncError as error:
        print(f"fielddesk-devrt: demo sign-in failed: {error}", file=sys.stderr)
        return 1
    print(
        f"Signed in as {remote.real_name} ({user}) at {running.url}; profile {profile.root}",
        file=sys.stderr,
    )

    from desktop.app import NoDisplayError, run_gui  # noqa: PLC0415 - Qt only here

    try:
        return run_gui(profile, screenshot=screenshot)
    except NoDisplayError:
        print(
            f"fielddesk-devrt: RT is running at {running.url}, but there is no display to show "
            "the FieldDesk window on. Run the demo in a desktop session or over 'ssh -X', "
            "or save a picture of the window: 'scripts/demo.sh --screenshot demo.png'.",
            file=sys.stderr,
        )
        print(
            f"Stop RT with: .venv/bin/fielddesk-devrt down --dir {instance.root}", file=sys.stderr
        )
        return 1
