"""The demo: a private RT with sample data, and FieldDesk signed in to it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import keyring

from devrt.instance import RTInstance, RunningRT
from sync import secrets
from sync.errors import SyncError
from sync.locked_replica import SIDE_FILES
from sync.profile import Profile
from sync.replica_mark import forget_replica
from sync.session import SignInResult, sign_in
from sync.store import ReplicaDamaged

# A memory-only demo's replica key dies with its process: its profile lives apart, so
# it never re-encrypts the profile a keyring session's demo (and command line) reads.
MEMORY_ONLY_PROFILES = "memory-only-profiles"


def discard_replica(profile: Profile) -> None:
    """Drop the replica and its files (demo data: the next sign-in and sync refill them)."""
    path = profile.database_path
    for suffix in SIDE_FILES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(profile.attachments_dir, ignore_errors=True)  # sealed with the same key
    forget_replica(profile)


def demo_profile(instance: RTInstance, user: str, *, memory_only: bool) -> Profile:
    folder = MEMORY_ONLY_PROFILES if memory_only else "profiles"
    profile = Profile(instance.root / folder / user).ensure()
    if memory_only:
        # The last demo's replica was encrypted with a key that lived only in that
        # process: nothing can read it again, so this demo starts on a fresh one.
        discard_replica(profile)
    return profile


def demo_sign_in(profile: Profile, running: RunningRT, user: str) -> SignInResult:
    """Sign in as the sign-in dialog does; a replica that cannot be read is rebuilt, not
    salvaged: it holds only the demo RT's sample data."""
    try:
        return sign_in(profile, running.url, user, running.token(user), "token")
    except ReplicaDamaged as damaged:
        print(
            f"The demo's local copy could not be read ({damaged.problem}); "
            "it is rebuilt from the demo helpdesk.",
            file=sys.stderr,
        )
        discard_replica(profile)
        return sign_in(profile, running.url, user, running.token(user), "token")


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
    profile = demo_profile(instance, user, memory_only=memory_only)
    try:
        # As the sign-in dialog does: the role is known before the window opens,
        # so a supervisor's window opens on the Dispatch board.
        remote = demo_sign_in(profile, running, user)
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
