"""The keyring of one soak technician's "laptop": a JSON file, for test processes only.

Each technician of the fleet soak is a string of separate ``fielddesk`` processes
(and is killed with SIGKILL now and then), so an in-memory keyring would forget
its secret between two commands.  Its own file, named by ``FIELDDESK_SOAK_KEYRING``
and chosen with ``PYTHON_KEYRING_BACKEND=tests.soak.file_keyring.FileKeyring``,
stands in for the OS keyring a laptop keeps across restarts.  Never for real use:
it holds the throw-away tokens and passwords of a private test RT.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors

PATH_VARIABLE = "FIELDDESK_SOAK_KEYRING"


class FileKeyring(keyring.backend.KeyringBackend):
    priority = 0  # only ever chosen by name (PYTHON_KEYRING_BACKEND)

    @property
    def path(self) -> Path:
        return Path(os.environ[PATH_VARIABLE])

    def _load(self) -> dict[str, str]:
        try:
            data: dict[str, str] = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {}
        return data

    def _save(self, secrets: dict[str, str]) -> None:
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(secrets))
        partial.replace(self.path)  # a SIGKILL never leaves half a keyring

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}\0{username}"] = password
        self._save(secrets)

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        if secrets.pop(f"{service}\0{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(username)
        self._save(secrets)
