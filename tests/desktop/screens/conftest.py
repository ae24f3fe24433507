"""Fixtures for the screen tests: alice's replica opened for a screen, and what it said."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from sync.profile import Profile
from sync.store import open_database
from tests.desktop.screens.gui_helpers import Said


@pytest.fixture
def said() -> Said:
    return Said()


@pytest.fixture
def replica(alice: Profile) -> Iterator[sqlite_utils.Database]:
    db = open_database(alice.database_path)
    yield db
    db.close()
