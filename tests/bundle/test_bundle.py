"""The app bundle IT deploys: built with the documented command, then run frozen.

One build per test run (into a temp folder, ~30 s), then the frozen
executables do what a technician's laptop and a support engineer do: the
self-test, a headless sign-in and sync against the private RT, the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from tests.bundle.x_input import Person, virtual_screen
from tests.integration.helpers import comments_with
from tests.secret_service import secret_service

pytestmark = [pytest.mark.slow, pytest.mark.rt]

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
SIZE_BUDGET_MIB = 185  # 170 MiB on Linux with Qt 6.11 (docs/release.md); bloat should be a decision
# Programs the app may start, replaced by spies that write down the environment they got:
# xdg-open (a photo, a PDF, Navigate, Call, a mail link, File → Open log folder), and the
# compilers ctypes.util.find_library runs (keyring's macOS backend looks for Apple's
# libraries with it).
SPIED = ("xdg-open", "gcc", "cc", "ld")
SPY = '#!/bin/sh\nenv -0 > "{started}/$(basename "$0")"\n'
FILE_MENU = (15, 10)  # the window's first menu; a new profile's window opens at the top left


@dataclass(frozen=True)
class Bundle:
    folder: Path
    build_seconds: float

    @property
    def console(self) -> Path:
        return self.folder / "fielddesk-console"

    @property
    def windowed(self) -> Path:
        return self.folder / "FieldDesk"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    work = tmp_path_factory.mktemp("build")
    started = time.monotonic()
    result = subprocess.run(
        [
            str(ROOT / "scripts" / "build.sh"),
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "work"),
        ],
        env={**os.environ, "FIELDDESK_BUILD_PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = work / "dist" / PROJECT["name"]
    assert f"bundle: {folder}" in result.stdout
    return Bundle(folder, time.monotonic() - started)


@pytest.fixture(scope="module")
def desktop_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A laptop's session: own home, an unlocked Secret Service, no display."""
    home = tmp_path_factory.mktemp("home")
    with secret_service(home) as env:
        clean = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTHON", "QT_", "FIELDDESK_", "DBUS_", "VIRTUAL_ENV"))
        }
        yield {**clean, **env}


def run(
    executable: Path, *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(executable), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=executable.parent.parent,  # not the source tree: nothing may come from it
        timeout=300,
        check=False,
    )


def test_frozen_self_test_passes(bundle: Bundle, desktop_session: dict[str, str]) -> None:
    result = run(bundle.console, "--self-test", env=desktop_session)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"(bundle {bundle.folder})" in result.stdout
    assert "FAIL" not in result.stdout
    assert f"{bundle.folder}/_internal/resources: " in result.stdout
    assert "keyring.backends.SecretService.Keyring" in result.stdout
    assert "xcb present and loadable" in result.stdout
    assert "Self-test passed" in result.stdout


def test_frozen_self_test_without_keyring_names_it(
    bundle: Bundle, desktop_session: dict[str, str]
) -> None:
    env = {k: v for k, v in desktop_session.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    result = run(bundle.console, "--self-test", env=env)
    assert result.returncode == 1
    assert "FAIL  Keyring" in result.stdout
    assert "SecretService" in result.stdout  # the backend is bundled; the service is absent
    assert "Self-test FAILED: 1 of 11 checks (Keyring)." in result.stdout


@pytest.mark.parametrize("variant", ["console", "windowed"])
def test_both_executables_report_the_project_version(
    bundle: Bundle, desktop_session: dict[str, str], variant: str
) -> None:
    result = run(getattr(bundle, variant), "--version", env=desktop_session)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"FieldDesk {PROJECT['version']}"


def test_frozen_headless_sign_in_and_sync_with_the_private_rt(
    bundle: Bundle, desktop_session: dict[str, str], rt: RunningRT, tmp_path: Path
) -> None:
    profile = ["--profile", str(tmp_path / "laptop")]
    login = run(
        bundle.console,
        *profile,
        "login",
        "--url",
        rt.url,
        "--user",
        "bob",
        "--token-stdin",
        env=desktop_session,
        stdin=rt.token("bob") + "\n",
    )
    assert login.returncode == 0, login.stderr
    assert "(bob)" in login.stdout

    first = run(bundle.console, *profile, "sync", env=desktop_session)
    assert first.returncode == 0, first.stderr
    visits = json.loads(
        run(bundle.console, *profile, "visits", "--json", env=desktop_session).stdout
    )
    assert visits and {visit["owner"] for visit in visits} == {"bob"}

    # Work offline in one process, send it in another: the token came from the keyring.
    ticket = visits[0]["id"]
    note = run(
        bundle.console, *profile, "note", str(ticket), "Frozen build note.", env=desktop_session
    )
    assert note.returncode == 0, note.stderr
    second = run(bundle.console, *profile, "sync", env=desktop_session)
    assert second.returncode == 0, second.stderr
    assert "Sent 1 change;" in second.stdout
    assert len(comments_with(rt, ticket, "Frozen build note.")) == 1

    # The profile the frozen app wrote is encrypted, and the frozen app reads it.
    database = tmp_path / "laptop" / "fielddesk.db"
    raw = database.read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"Frozen build note." not in raw
    assert visits[0]["subject"].encode() not in raw
    report = run(bundle.console, *profile, "--self-test", env=desktop_session)
    assert f"{database} is encrypted (SQLCipher 4" in report.stdout
    assert "the keyring holds its key" in report.stdout
    shown = run(bundle.console, *profile, "show", str(ticket), env=desktop_session)
    assert shown.returncode == 0 and "Frozen build note." in shown.stdout


def test_programs_the_window_starts_get_the_users_environment(
    bundle: Bundle, desktop_session: dict[str, str], tmp_path: Path
) -> None:
    """Not the bundle's libraries (LD_LIBRARY_PATH) or Qt plugins (QT_PLUGIN_PATH): on an OS
    newer than the build machine, xdg-open and the viewers would fail on the bundle's older
    GLib, with nothing said.  The user's own LD_LIBRARY_PATH comes through."""
    started = tmp_path / "started"
    spies = spy_on(SPIED, tmp_path / "spies", started)
    users_libraries = "/opt/vendor/lib"
    with virtual_screen() as display:
        env = {
            **desktop_session,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "PATH": f"{spies}{os.pathsep}{desktop_session['PATH']}",
            "LD_LIBRARY_PATH": users_libraries,
        }
        env.pop("WAYLAND_DISPLAY", None)
        person = Person(display)
        with (tmp_path / "stderr").open("w") as stderr:
            window = subprocess.Popen(
                [str(bundle.windowed), "--profile", str(tmp_path / "p")], env=env, stderr=stderr
            )
        try:
            deadline = time.monotonic() + 60
            while not (started / "xdg-open").exists():
                assert window.poll() is None, (tmp_path / "stderr").read_text()
                assert time.monotonic() < deadline, "File → Open log folder never ran xdg-open"
                person.press("Escape")  # the sign-in dialog a new profile opens with
                person.click(*FILE_MENU)
                person.press("l")  # Open &log folder
                time.sleep(0.5)
        finally:
            person.close()
            window.terminate()
            window.wait(timeout=30)
    child = environment_of(started / "xdg-open")
    assert child.get("LD_LIBRARY_PATH") == users_libraries
    assert not [f"{name}={value}" for name, value in child.items() if str(bundle.folder) in value]
    assert "QT_PLUGIN_PATH" not in child
    # The new profile's key went to the keyring, whose backends were looked for: no
    # compiler ran to look for the macOS one's libraries (build.spec leaves it out).
    assert sorted(path.name for path in started.iterdir()) == ["xdg-open"]


def spy_on(programs: tuple[str, ...], folder: Path, started: Path) -> Path:
    """A folder of spies to put first on PATH; each writes its environment into started."""
    folder.mkdir()
    started.mkdir()
    for name in programs:
        spy = folder / name
        spy.write_text(SPY.format(started=started))
        spy.chmod(0o755)
    return folder


def environment_of(written: Path) -> dict[str, str]:
    pairs = (entry.partition("=") for entry in written.read_text().split("\0") if entry)
    return {name: value for name, _, value in pairs}


def test_the_console_program_answers_as_fielddesk_through_a_link(
    bundle: Bundle, desktop_session: dict[str, str], tmp_path: Path
) -> None:
    """docs/release.md links /usr/local/bin/fielddesk to it: the name FieldDesk's own
    messages give ("run 'fielddesk sync'")."""
    link = tmp_path / "bin" / "fielddesk"
    link.parent.mkdir()
    link.symlink_to(bundle.console)
    result = run(link, "--version", env=desktop_session)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"FieldDesk {PROJECT['version']}"


def test_frozen_window_renders_without_a_display(
    bundle: Bundle, desktop_session: dict[str, str], tmp_path: Path
) -> None:
    picture = tmp_path / "window.png"
    result = run(
        bundle.windowed,
        "--profile",
        str(tmp_path / "p"),
        "gui",
        "--screenshot",
        str(picture),
        env=desktop_session,
    )
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")


def test_bundle_is_lean(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    files = [path for path in bundle.folder.rglob("*") if path.is_file() and not path.is_symlink()]
    size_mib = sum(path.stat().st_size for path in files) / 2**20
    print(f"bundle {size_mib:.0f} MiB, built in {bundle.build_seconds:.0f} s")
    assert size_mib < SIZE_BUDGET_MIB
    names = {path.relative_to(internal).as_posix() for path in files if internal in path.parents}
    # Dev-only resources, dev tools and unused Qt parts stay out.
    assert "resources/rt/fielddesk-admin-kit.pl" in names
    assert not {"resources/rt/sample-data.pl", "resources/rt/create-tokens.pl"} & names
    assert not [name for name in names if name.startswith(("devrt/", "pytest", "_pytest/"))]
    unused = ("libqpdf", "libqeglfs", "libqgtk3", "libQt6Pdf", "libgtk-3")
    assert not [name for name in names if any(part in name for part in unused)]
    # Qt's own translations: FieldDesk installs no QTranslator.
    assert not [name for name in names if name.startswith("PySide6/Qt/translations/")]
    # QtNetwork ships: the app follows the network state (QNetworkInformation).
    assert any("QtNetwork" in name for name in names)
    assert not [
        path for path in bundle.folder.rglob("*") if path.is_symlink() and not path.exists()
    ]
