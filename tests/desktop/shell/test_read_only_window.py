"""The window on a profile whose disk went read-only (ext4 remounts so on errors, a
locked SD card): a box that says so, never a traceback or a window that never comes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.app import run_gui
from tests.small_disk import make_read_only, small_disk
from tests.sync.test_read_only_profile import profile_with_a_visit

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX mounts")


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    boxes: list[str] = []

    def critical(_parent: object, _title: str, text: str, *_args: object) -> int:
        boxes.append(text)
        return 0

    monkeypatch.setattr(QMessageBox, "critical", critical)
    return boxes


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "4m") as mount:
        yield mount


def test_a_read_only_profile_disk_is_said_in_a_box(disk: Path, said: list[str]) -> None:
    profile = profile_with_a_visit(disk / "alice")
    make_read_only(disk)
    code = run_gui(profile, disk / "never.png")
    assert said, "a box, not a traceback"
    assert "read-only disk" in said[0]
    assert code in (0, 1)
