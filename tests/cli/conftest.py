"""For tests that run ``fielddesk`` in processes of its own: the keyring a laptop has."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.secret_service import in_this_process, secret_service


@pytest.fixture(scope="module")
def desktop_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """An unlocked Secret Service, as on a laptop: the child processes find the replica's key."""
    with secret_service(tmp_path_factory.mktemp("session")) as session:
        yield session


@pytest.fixture
def os_keyring(desktop_session: dict[str, str], memory_keyring: object) -> Iterator[None]:
    """This test's keyring is that Secret Service: the replica it makes, a child can open."""
    with in_this_process(desktop_session):
        yield
