"""Fixtures shared by the whole suite.

- Qt runs off-screen; no test needs a display.
- Every test gets an in-memory keyring and a temp profile: no test touches
  real settings or the real keyring.
- ``rt_instance`` is one private RT 5 per test session (installed, provisioned
  and started by devrt) on SQLite, or on a private PostgreSQL cluster with
  ``--rt-database=postgresql``; ``rt`` gives each test module fresh sample data.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.laptop_screen import offscreen_platform

os.environ["QT_QPA_PLATFORM"] = offscreen_platform()
os.environ.pop("FIELDDESK_PROFILE", None)

import threading
import traceback

import keyring
import pytest
from PySide6.QtCore import QThread, QThreadPool

from devrt.database import DATABASES
from devrt.instance import RTInstance, RunningRT
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from tests.keyring_double import TestKeyring


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--rt-database",
        choices=DATABASES,
        default="sqlite",
        help="the database of the private RT the integration tests run against",
    )
    parser.addoption(
        "--rt-server-zone",
        default="UTC",
        help="the private RT's $Timezone: the zone it reads dates in for users who chose none",
    )


def pytest_report_header(config: pytest.Config) -> str:
    database, zone = config.getoption("--rt-database"), config.getoption("--rt-server-zone")
    return f"private RT on: {database}, its server zone {zone}"


@pytest.fixture(autouse=True, scope="session")
def session_keyring() -> Iterator[None]:
    """Module-scoped fixtures (a synced template profile) run before the per-test keyring."""
    previous = keyring.get_keyring()
    keyring.set_keyring(TestKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = TestKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_leaked_threads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test fails if it leaves a thread running (a sync worker, a pool job, a server).

    Autouse fixtures are set up first and torn down last, so widgets the test
    gave to qtbot are already closed (and their workers stopped) when we look.
    """
    started: list[tuple[QThread, str]] = []
    original_start = QThread.start

    def recording_start(thread: QThread, *args: object) -> None:
        # Where it was started from: a thread left running may have been started by what
        # an earlier test left behind (a window's timer), which the stack names.
        started.append((thread, "".join(traceback.format_stack(limit=30)[:-1])))
        original_start(thread, *args)

    monkeypatch.setattr(QThread, "start", recording_start)
    before = {t for t in threading.enumerate() if not t.daemon}
    yield
    QThreadPool.globalInstance().waitForDone(5000)
    running = [where for t, where in started if _still_running(t)]
    assert not running, f"{len(running)} QThread(s) still running after the test, started:\n" + (
        "\n".join(running)
    )
    leaked = [t.name for t in threading.enumerate() if not t.daemon and t not in before]
    assert not leaked, f"threads still running after the test: {leaked}"


def _still_running(thread: QThread) -> bool:
    try:
        return thread.isRunning()
    except RuntimeError:  # the C++ object is gone: it certainly stopped
        return False


@pytest.fixture
def laptop_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Put the laptop's clock in a zone (as TZ does for every program); back after the test."""

    def move(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    yield move
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile(tmp_path / "profile").ensure()


@pytest.fixture(scope="session")
def rt_database(pytestconfig: pytest.Config) -> str:
    """The database of this run's private RTs: a test making its own RTInstance passes it on."""
    database: str = pytestconfig.getoption("--rt-database")
    return database


@pytest.fixture(scope="session")
def rt_instance(
    tmp_path_factory: pytest.TempPathFactory, rt_database: str, pytestconfig: pytest.Config
) -> Iterator[RTInstance]:
    instance = RTInstance(
        tmp_path_factory.mktemp(f"rt-{rt_database}"),
        database=rt_database,
        server_zone=pytestconfig.getoption("--rt-server-zone"),
    )
    instance.up()
    yield instance
    instance.down()


@pytest.fixture(scope="module")
def rt(rt_instance: RTInstance) -> RunningRT:
    """A running RT holding exactly the sample data, fresh for this module."""
    return rt_instance.reset()
