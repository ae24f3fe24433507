"""In the Linux bundle, the programs FieldDesk starts get the user's LD_LIBRARY_PATH, not
the one PyInstaller's bootloader made for FieldDesk (the bundle's libraries first).
tests/bundle/test_bundle.py checks it on the real bundle's window; this, without a build,
both cases: the user had set one, or had not."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cli.__main__ import main

BUNDLE_LIBRARIES = "/opt/fielddesk/_internal"


@pytest.fixture
def frozen_on_linux(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("_PYI_ARCHIVE_FILE", "/opt/fielddesk/FieldDesk")
    monkeypatch.setenv("_PYI_PARENT_PROCESS_LEVEL", "1")


def start_fielddesk() -> None:
    with pytest.raises(SystemExit, match="0"):
        main(["--version"])


def environment_of_a_program_started() -> dict[str, str]:
    listed = subprocess.run(["env", "-0"], capture_output=True, text=True, check=True).stdout
    pairs = (entry.partition("=") for entry in listed.split("\0") if entry)
    return {name: value for name, _, value in pairs}


def test_the_users_library_path_comes_back(
    frozen_on_linux: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", f"{BUNDLE_LIBRARIES}:/opt/vendor/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/vendor/lib")
    start_fielddesk()
    started = environment_of_a_program_started()
    assert started["LD_LIBRARY_PATH"] == "/opt/vendor/lib"
    assert not [name for name in started if name.startswith(("_PYI_", "LD_LIBRARY_PATH_"))]


def test_no_library_path_when_the_user_had_none(
    frozen_on_linux: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LD_LIBRARY_PATH", BUNDLE_LIBRARIES)
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    start_fielddesk()
    assert "LD_LIBRARY_PATH" not in environment_of_a_program_started()
