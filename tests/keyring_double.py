"""The tests' in-memory keyring: per test, except the replicas' encryption keys.

A module-scoped fixture syncs a template profile once and each test copies it; the
template's replica is encrypted with a key kept in the keyring under its directory.
Keys are random per directory, so sharing them across the session mixes nothing up,
and ``copy_key`` gives a copied profile the key of the one it was copied from.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import keyring

from sync.profile_key import key_entry
from sync.secrets import SERVICE, MemoryKeyring

REPLICA_KEY = "replica-key:"


class TestKeyring(MemoryKeyring):
    __test__ = False  # not a test class, despite its name
    replica_keys: ClassVar[dict[tuple[str, str], str]] = {}

    def get_password(self, service: str, username: str) -> str | None:
        if username.startswith(REPLICA_KEY):
            return self.replica_keys.get((service, username))
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if username.startswith(REPLICA_KEY):
            self.replica_keys[(service, username)] = password
        else:
            super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        if username.startswith(REPLICA_KEY):
            if self.replica_keys.pop((service, username), None) is None:
                raise keyring.errors.PasswordDeleteError(username)
        else:
            super().delete_password(service, username)


def copy_key(source: Path, target: Path) -> None:
    """Give the profile copied to target the key of source (the entry is per directory).

    A source without a key has no replica yet: the copy gets its own at its first open.
    """
    key = keyring.get_password(SERVICE, key_entry(source))
    if key is not None:
        keyring.set_password(SERVICE, key_entry(target), key)
