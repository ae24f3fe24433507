"""A keyring backend for the GUI benchmarks' child processes (never for real use).

A fresh ``fielddesk gui`` process finds its RT token in the OS keyring; this
machine has none.  The benchmarks start the app with
``PYTHON_KEYRING_BACKEND=bench.gui_keyring.EnvKeyring`` and the token in
``FIELDDESK_BENCH_SECRET``, so the start-up sync really runs (or really fails
to connect) as it would on a technician's laptop.
"""

from __future__ import annotations

import os

import keyring.backend
import keyring.errors

SECRET_VARIABLE = "FIELDDESK_BENCH_SECRET"  # noqa: S105 - a variable name
BACKEND = f"{__name__}.EnvKeyring"


class EnvKeyring(keyring.backend.KeyringBackend):
    """Every account's secret is the one in the environment; writes are refused."""

    priority = 0

    def get_password(self, service: str, username: str) -> str | None:
        return os.environ.get(SECRET_VARIABLE)

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("the benchmark keyring is read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError(username)


def child_environment(secret: str | None) -> dict[str, str]:
    """Variables for a child process that should find ``secret`` as its saved token."""
    env = {"PYTHON_KEYRING_BACKEND": BACKEND}
    if secret is not None:
        env[SECRET_VARIABLE] = secret
    return env
