"""The ``fielddesk`` entry point: version, profile option, the GUI and no-display handling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop import cli
from desktop.main_window import MainWindow
from sync import __version__
from sync.account import Account, save_account
from sync.profile import Profile


def run_fielddesk(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_version_is_the_package_version() -> None:
    result = run_fielddesk("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"FieldDesk {__version__}"


def test_gui_without_a_display_explains_how_to_view_it(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = run_fielddesk("--profile", str(tmp_path / "p"), "gui", env=env)
    assert result.returncode == 1
    assert "no display" in result.stderr
    assert "xvfb-run" in result.stderr
    assert "Traceback" not in result.stderr


def test_gui_screenshot_renders_the_window_without_a_display(tmp_path: Path) -> None:
    picture = tmp_path / "window.png"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = run_fielddesk(
        "--profile", str(tmp_path / "p"), "gui", "--screenshot", str(picture), env=env
    )
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "p").is_dir()  # the profile directory was created


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["frobnicate"])
    assert exit_info.value.code == 2


def test_main_window_shows_who_is_signed_in(qtbot: QtBot, profile: Profile) -> None:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    assert "Not signed in" in window.banner.text.text()
    window.close()

    save_account(profile, Account(url="http://rt.example", user="alice", auth="token"), "t0k3n")
    window = MainWindow(profile)
    qtbot.addWidget(window)
    assert window.windowTitle() == "FieldDesk — alice at http://rt.example"
    assert not window.banner.isVisibleTo(window)
    # The secret went to the keyring, not into the profile's files.
    window.close()
    assert not any(b"t0k3n" in p.read_bytes() for p in profile.root.rglob("*") if p.is_file())
