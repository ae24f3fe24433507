"""Credentials in the OS keyring, never in files, the database or logs."""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail

from sync.errors import SecretStoreUnavailable
from sync.keyring_service import SERVICE

__all__ = ["SERVICE", "MemoryKeyring", "SecretStoreUnavailable"]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that forgets everything when the process ends.

    Used by the test suite, and by the demo on machines with no desktop
    keyring; never chosen silently for real use.
    """

    # Below the "no keyring" backend (0): never picked by discovery, only set explicitly.
    priority = -1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def account_key(url: str, user: str) -> str:
    """Key of one helpdesk account: the same user on two servers are two secrets."""
    return f"{user}@{url.rstrip('/')}"


def keyring_available() -> bool:
    return not isinstance(keyring.get_keyring(), fail.Keyring)


def store_secret(url: str, user: str, secret: str) -> None:
    try:
        keyring.set_password(SERVICE, account_key(url, user), secret)
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None


def load_secret(url: str, user: str) -> str | None:
    try:
        secret: str | None = keyring.get_password(SERVICE, account_key(url, user))
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None
    return secret


def forget_secret(url: str, user: str) -> None:
    try:
        keyring.delete_password(SERVICE, account_key(url, user))
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError as error:
        raise SecretStoreUnavailable(unavailable_message(error)) from None


KEYRING_LOCKED = "the keyring is locked: unlock it (log in to the desktop session) and try again"


def unavailable_message(error: Exception) -> str:
    """What to do about a keyring that failed: a locked one is there, and only needs
    unlocking; installing one is the advice when there is none (or it is broken)."""
    if isinstance(error, keyring.errors.KeyringLocked):
        return KEYRING_LOCKED
    # Not the library's own words: they advise a keyring that keeps secrets in a plain file.
    return (
        "no OS keyring is available to keep the password or token: on Linux install and "
        "unlock a Secret Service keyring (gnome-keyring or KeePassXC); on Windows and "
        "macOS the system keyring is used"
    )
