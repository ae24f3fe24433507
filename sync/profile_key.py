"""The random key that encrypts one profile's replica and files, kept in the OS keyring.

One key per profile directory, next to the helpdesk credentials (same keyring service).
It is never written to a file: the OS account's keyring unlock is the gate, as for the
token.  Forgetting it is what makes a wiped or lost profile unreadable.
"""

from __future__ import annotations

import base64
import os
import secrets as random_bytes
from pathlib import Path

import keyring
import keyring.errors

from sync.errors import SecretStoreUnavailable
from sync.secrets import SERVICE, unavailable_message

KEY_BYTES = 32  # AES-256 / SQLCipher raw key


def key_entry(profile_root: Path) -> str:
    """The keyring name of a profile's key: one per directory, so two profiles never share."""
    # A Linux folder name need not be UTF-8, a keyring entry must be (D-Bus refuses the
    # surrogates Python decodes such bytes to): those bytes are written as \xNN.
    where = os.fsencode(profile_root.expanduser().resolve()).decode("utf-8", "backslashreplace")
    return f"replica-key:{where}"


def load_key(profile_root: Path) -> bytes | None:
    """The profile's key, or None when the keyring holds none for it."""
    try:
        stored = keyring.get_password(SERVICE, key_entry(profile_root))
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None
    if stored is None:
        return None
    return base64.b64decode(stored)


def create_key(profile_root: Path) -> bytes:
    """A new random key for the profile, stored in the keyring before it is used."""
    key = random_bytes.token_bytes(KEY_BYTES)
    try:
        keyring.set_password(SERVICE, key_entry(profile_root), base64.b64encode(key).decode())
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None
    return key


def forget_key(profile_root: Path) -> None:
    """Destroy the key: whatever stays on the disk can no longer be read."""
    try:
        keyring.delete_password(SERVICE, key_entry(profile_root))
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None


class KeyMissing(RuntimeError):
    """The profile holds encrypted data but the keyring no longer has its key."""

    def __init__(self, profile_root: Path) -> None:
        super().__init__(
            f"the key that unlocks the data in {profile_root} is no longer in the OS keyring"
        )
        self.profile_root = profile_root


def require_key(profile_root: Path) -> bytes:
    """The profile's key; KeyMissing when the keyring lost it (data written with it is lost)."""
    key = load_key(profile_root)
    if key is None:
        raise KeyMissing(profile_root)
    return key
