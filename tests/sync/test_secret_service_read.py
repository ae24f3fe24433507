"""The replica's key is read from the Secret Service without keyring, and only when that is safe.

A real gnome-keyring on a private D-Bus (tests.secret_service) holds what keyring's
SecretService backend stored; these tests then take keyring's in-process backend away
(as in a fresh ``fielddesk`` process, where nothing set one) to reach the fast path.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import keyring
import keyring.core
import pytest
from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection

from sync import secret_service_read
from sync.profile_key import create_key, key_entry, load_key
from sync.secrets import SERVICE, MemoryKeyring
from tests.secret_service import in_this_process, secret_service

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def desktop_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with secret_service(tmp_path_factory.mktemp("session")) as session:
        yield session


@pytest.fixture
def stored_key(desktop_session: dict[str, str], tmp_path: Path) -> tuple[Path, bytes]:
    """A profile whose key keyring's SecretService backend put in the private service."""
    with in_this_process(desktop_session):
        return tmp_path / "profile", create_key(tmp_path / "profile")


@pytest.fixture
def on_desktop(desktop_session: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as a fresh ``fielddesk`` one on that desktop: no keyring backend chosen."""
    for name, value in desktop_session.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


@pytest.fixture
def fresh_process(on_desktop: None, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """As on_desktop, keyring.get_password a spy: the entries it was asked for (answers None)."""
    asked: list[str] = []

    def spy(service: str, username: str) -> None:
        asked.append(username)

    monkeypatch.setattr(keyring, "get_password", spy)
    return asked


def test_the_key_keyring_stored_is_read_without_asking_keyring(
    stored_key: tuple[Path, bytes], fresh_process: list[str]
) -> None:
    root, key = stored_key
    assert load_key(root) == key
    assert fresh_process == []


def test_a_profile_with_no_key_there_asks_keyring(
    stored_key: tuple[Path, bytes], fresh_process: list[str], tmp_path: Path
) -> None:
    assert load_key(tmp_path / "other") is None
    assert fresh_process == [key_entry(tmp_path / "other")]


def test_without_a_session_bus_keyring_answers(
    stored_key: tuple[Path, bytes], fresh_process: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = stored_key
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={root}/no-bus")
    assert load_key(root) is None  # what the spy said
    assert fresh_process == [key_entry(root)]


@contextmanager
def service_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str, str, tuple[Any, ...]], None]]:
    """A Secret Service of the test's own (changed by the test, unlike desktop_session)
    holding the key of tmp_path/profile, this process pointed at it; yields a way to call
    one of its Service methods."""
    with secret_service(tmp_path / "session") as session:
        with in_this_process(session):
            create_key(tmp_path / "profile")
        address = session["DBUS_SESSION_BUS_ADDRESS"]
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        secrets = DBusAddress(
            "/org/freedesktop/secrets",
            bus_name="org.freedesktop.secrets",
            interface="org.freedesktop.Secret.Service",
        )

        def call(method: str, signature: str, body: tuple[Any, ...]) -> None:
            with open_dbus_connection(address) as bus:
                bus.send_and_get_reply(new_method_call(secrets, method, signature, body))

        yield call


def test_a_locked_keyring_is_left_to_keyring_which_asks_to_unlock_it(
    fresh_process: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with service_of_its_own(tmp_path, monkeypatch) as call:
        call("Lock", "ao", (["/org/freedesktop/secrets/aliases/default"],))
        assert load_key(tmp_path / "profile") is None
    assert fresh_process == [key_entry(tmp_path / "profile")]


def test_a_keyring_chosen_in_this_process_is_the_one_used(
    stored_key: tuple[Path, bytes], on_desktop: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = stored_key
    chosen = MemoryKeyring()
    other_key = base64.b64encode(b"k" * 32).decode()
    chosen.set_password(SERVICE, key_entry(root), other_key)
    monkeypatch.setattr(keyring.core, "_keyring_backend", chosen)
    assert load_key(root) == b"k" * 32


@pytest.mark.parametrize("how", ["environment", "config file"])
def test_a_keyring_chosen_by_environment_or_config_file_is_asked(
    stored_key: tuple[Path, bytes],
    fresh_process: list[str],
    monkeypatch: pytest.MonkeyPatch,
    desktop_session: dict[str, str],
    how: str,
) -> None:
    root, _ = stored_key
    if how == "environment":
        monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    else:
        config = Path(desktop_session["HOME"], ".config", "python_keyring", "keyringrc.cfg")
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    try:
        assert load_key(root) is None
    finally:
        if how == "config file":
            config.unlink()
    assert fresh_process == [key_entry(root)]


def test_a_fresh_fielddesk_process_opens_its_key_without_importing_keyring(
    stored_key: tuple[Path, bytes], desktop_session: dict[str, str]
) -> None:
    root, key = stored_key
    env = {**os.environ, **desktop_session, "PYTHONPATH": str(REPO)}
    env.pop("PYTHON_KEYRING_BACKEND", None)
    env.pop("XDG_CONFIG_HOME", None)
    child = (
        "import json, sys; from pathlib import Path; from sync.profile_key import load_key; "
        "key = load_key(Path(sys.argv[1])); "
        "print(json.dumps([key.hex(), 'keyring' in sys.modules, 'cryptography' in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", child, str(root)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [key.hex(), False, False]


def test_a_service_without_the_alias_path_is_read_the_full_way(
    stored_key: tuple[Path, bytes], fresh_process: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A Secret Service that does not serve the default collection at the spec's alias
    # path (an older one) answers the quick read with an error: the key still comes
    # from the service, through ReadAlias, and keyring is not asked.
    root, key = stored_key
    monkeypatch.setattr(
        secret_service_read, "DEFAULT_ALIAS_PATH", "/org/freedesktop/secrets/aliases/none"
    )
    assert load_key(root) == key
    assert fresh_process == []


def test_without_a_default_collection_keyring_answers(
    fresh_process: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with service_of_its_own(tmp_path, monkeypatch) as call:
        call("SetAlias", "so", ("default", "/"))  # no collection is the default any more
        assert load_key(tmp_path / "profile") is None
    assert fresh_process == [key_entry(tmp_path / "profile")]
