"""Fixtures for GUI tests: a replica filled by a real sync from the private RT.

One sync per test module (as alice); every test gets its own copy of that
replica in its own temp profile, signed in with alice's token, so tests can
write to it freely and still sync against the same RT.  For the screen tests:
alice's replica opened for a screen, and what the screen said.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import sqlite_utils

from devrt.instance import RunningRT
from sync.account import Account, save_account
from sync.profile import Profile
from sync.store import open_database
from tests.desktop.gui_helpers import Said
from tests.integration.dispatch_helpers import synced_template
from tests.keyring_double import copy_key


@pytest.fixture(scope="module")
def synced_replica(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    """alice's profile after one full sync (do not write to it: use ``alice``)."""
    return synced_template(rt, "alice", tmp_path_factory.mktemp("replica"))


@pytest.fixture
def alice(synced_replica: Profile, profile: Profile, rt: RunningRT) -> Profile:
    """A fresh copy of alice's synced replica, signed in (token in the test keyring)."""
    shutil.copytree(synced_replica.root, profile.root, dirs_exist_ok=True)
    copy_key(synced_replica.root, profile.root)
    save_account(profile, Account(url=rt.url, user="alice", auth="token"), rt.token("alice"))
    return profile


@pytest.fixture
def said() -> Said:
    return Said()


@pytest.fixture
def replica(alice: Profile) -> Iterator[sqlite_utils.Database]:
    db = open_database(alice.database_path)
    yield db
    db.close()
