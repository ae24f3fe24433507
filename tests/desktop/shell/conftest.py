"""Shells a test opened, closed after it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.app import Shell


@pytest.fixture
def shell_on() -> Iterator[list[Shell]]:
    made: list[Shell] = []
    yield made
    for shell in made:
        shell.crash.uninstall()
        if shell.window is not None:
            shell.window.close()
