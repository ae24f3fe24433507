"""The ``fielddesk`` entry point: version, profile option, the GUI and no-display handling."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli import __main__ as cli
from sync import __version__
from tests.secret_service import secret_service


def run_fielddesk(
    *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
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
    # A desktop session's keyring: the new profile's replica key is kept there.
    with secret_service(tmp_path / "home") as session:
        env = {"PATH": "/usr/bin:/bin", **session}
        result = run_fielddesk(
            "--profile", str(tmp_path / "p"), "gui", "--screenshot", str(picture), env=env
        )
    assert result.returncode == 0, result.stderr
    assert "propagateSizeHints" not in result.stderr  # the offscreen platform's noise
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "p").is_dir()  # the profile directory was created


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["frobnicate"])
    assert exit_info.value.code == 2
