"""A locked keyring is told to be unlocked, not to be installed.

A locked Secret Service used to get "no OS keyring is available ... install and
unlock a Secret Service keyring (gnome-keyring or KeePassXC)": the keyring is there,
and what the technician must do is unlock it.
"""

from __future__ import annotations

import gc
import warnings
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.errors
import pytest
from keyring.backends import SecretService

from sync.errors import SecretStoreUnavailable
from sync.profile_key import load_key
from sync.secrets import load_secret, store_secret, unavailable_message
from tests.sync.test_secret_service_read import service_of_its_own

LOCKED = "the keyring is locked: unlock it (log in to the desktop session) and try again"
URL = "https://rt.example.com"


def test_a_locked_secret_service_is_said_to_be_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with service_of_its_own(tmp_path, monkeypatch) as call:
        keyring.set_keyring(SecretService.Keyring())  # as on a laptop's desktop
        store_secret(URL, "alice", "1-41-token")
        call("Lock", "ao", (["/org/freedesktop/secrets/aliases/default"],))  # screen locked

        token = refusal(lambda: load_secret(URL, "alice"))
        replica_key = refusal(lambda: load_key(tmp_path / "profile"))

    assert token == LOCKED
    assert replica_key == LOCKED


def refusal(read: Callable[[], object]) -> str:
    """What the read of a locked keyring says.  keyring's backend leaves the D-Bus
    connection it found the keyring locked on for the collector: closed here."""
    try:
        read()
    except SecretStoreUnavailable as error:
        said = str(error)
    else:
        pytest.fail("the locked keyring answered")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return said


def test_no_keyring_at_all_still_gets_the_advice_to_install_one() -> None:
    said = unavailable_message(keyring.errors.NoKeyringError("No recommended backend"))
    assert said.startswith("no OS keyring is available")
    assert "gnome-keyring or KeePassXC" in said
    assert unavailable_message(keyring.errors.KeyringLocked("Failed to unlock")) == LOCKED


def test_the_advice_never_passes_on_a_plain_file_keyring() -> None:
    """keyring's own text advises keyrings.alt, which keeps secrets in a plain file."""
    said = unavailable_message(
        keyring.errors.NoKeyringError(
            "No recommended backend was available. Install a recommended 3rd party backend"
            " package; or, install the keyrings.alt package if you want to use the non-"
            "recommended backends."
        )
    )
    assert "keyrings.alt" not in said and "3rd party" not in said
