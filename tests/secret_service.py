"""A private Secret Service (gnome-keyring on its own D-Bus) for tests of real processes.

In-process tests use an in-memory keyring; a separate ``fielddesk`` process
(from source or frozen) needs the OS keyring a technician's laptop has.  This
starts one D-Bus session bus and an unlocked gnome-keyring on it, touching
neither the machine's keyring nor its session; both end with the context.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

READY_TIMEOUT_S = 15.0
SECRETS_NAME = "org.freedesktop.secrets"


@contextmanager
def secret_service(home: Path) -> Iterator[dict[str, str]]:
    """Environment variables under which processes find an unlocked Secret Service."""
    for program in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(program) is None:
            raise RuntimeError(f"{program} is missing: run scripts/setup.sh (it installs it)")
    runtime = home / "runtime"
    runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    keyring_daemon: subprocess.Popen[bytes] | None = None
    try:
        assert bus.stdout is not None
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        # --unlock reads the login keyring's password from stdin and creates it.
        keyring_daemon = subprocess.Popen(
            ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        assert keyring_daemon.stdin is not None
        keyring_daemon.stdin.write(b"test-keyring-password")
        keyring_daemon.stdin.close()
        _wait_for_secrets(env["DBUS_SESSION_BUS_ADDRESS"])
        yield {name: env[name] for name in ("HOME", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS")}
    finally:
        for process in (keyring_daemon, bus):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)
        if bus.stdout is not None:
            bus.stdout.close()


def _wait_for_secrets(address: str) -> None:
    bus = DBusAddress(
        "/org/freedesktop/DBus", bus_name="org.freedesktop.DBus", interface="org.freedesktop.DBus"
    )
    deadline = time.monotonic() + READY_TIMEOUT_S
    with open_dbus_connection(address) as connection:
        while time.monotonic() < deadline:
            reply = connection.send_and_get_reply(
                new_method_call(bus, "NameHasOwner", "s", (SECRETS_NAME,))
            )
            if reply.body[0]:
                return
            time.sleep(0.1)
    raise RuntimeError(f"gnome-keyring did not appear on D-Bus within {READY_TIMEOUT_S} s")


@contextmanager
def in_this_process(session: dict[str, str]) -> Iterator[None]:
    """This process keeps its secrets in that Secret Service too: what a test stores there
    (a replica's key), a ``fielddesk`` child process started with ``session`` finds."""
    from keyring.backends import SecretService  # noqa: PLC0415 - only tests of real processes

    previous_address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    previous = keyring.get_keyring()
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = session["DBUS_SESSION_BUS_ADDRESS"]
    keyring.set_keyring(SecretService.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        if previous_address is None:
            os.environ.pop("DBUS_SESSION_BUS_ADDRESS", None)
        else:
            os.environ["DBUS_SESSION_BUS_ADDRESS"] = previous_address
