"""The random key that encrypts one profile's replica and files, kept in the OS keyring.

One key per profile directory, next to the helpdesk credentials (same keyring service).
It is never written to a file: the OS account's keyring unlock is the gate, as for the
token.  Forgetting it is what makes a wiped or lost profile unreadable.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import ModuleType

from sync.errors import SecretStoreUnavailable
from sync.keyring_service import SERVICE
from sync.secret_service_read import read_secret

# keyring (~200 ms of a cold start: imports, backend discovery) is imported only when a
# function below needs it; a replica opened on Linux usually reads its key without it.

KEY_BYTES = 32  # AES-256 / SQLCipher raw key


def key_entry(profile_root: Path) -> str:
    """The keyring name of a profile's key: one per directory, so two profiles never share."""
    # A Linux folder name need not be UTF-8, a keyring entry must be (D-Bus refuses the
    # surrogates Python decodes such bytes to): those bytes are written as \xNN.
    where = os.fsencode(profile_root.expanduser().resolve()).decode("utf-8", "backslashreplace")
    return f"replica-key:{where}"


def load_key(profile_root: Path) -> bytes | None:
    """The profile's key, or None when the keyring holds none for it."""
    stored = read_secret(SERVICE, key_entry(profile_root))
    if stored is None:  # not on the fast path: keyring answers, as it always did
        with _keyring() as keyring:
            stored = keyring.get_password(SERVICE, key_entry(profile_root))
    if stored is None:
        return None
    return base64.b64decode(stored)


@contextmanager
def _keyring() -> Iterator[ModuleType]:
    """keyring, imported now (see the top); its failures become SecretStoreUnavailable."""
    import keyring.errors  # noqa: PLC0415

    from sync.logging_later import set_up_now  # noqa: PLC0415
    from sync.secrets import unavailable_message  # noqa: PLC0415 - it imports keyring

    set_up_now()  # keyring logs through logging: the profile's log and stderr first

    try:
        yield keyring
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None


def create_key(profile_root: Path) -> bytes:
    """A new random key for the profile, stored in the keyring before it is used."""
    import secrets as random_bytes  # noqa: PLC0415 - OpenSSL's hashes: only for a new key

    key = random_bytes.token_bytes(KEY_BYTES)
    with _keyring() as keyring:
        keyring.set_password(SERVICE, key_entry(profile_root), base64.b64encode(key).decode())
    return key


def forget_key(profile_root: Path) -> None:
    """Destroy the key: whatever stays on the disk can no longer be read."""
    with _keyring() as keyring, suppress(keyring.errors.PasswordDeleteError):  # gone already
        keyring.delete_password(SERVICE, key_entry(profile_root))


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
