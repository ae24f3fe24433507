"""Shipped resources are found the same way from source and from a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sync.resources import resource_path, resources_root

SOURCE_ROOT = Path(__file__).resolve().parents[2] / "resources"


def test_from_source_resources_sit_next_to_the_packages() -> None:
    assert resources_root() == SOURCE_ROOT
    assert resource_path("icons", "sync.svg") == SOURCE_ROOT / "icons" / "sync.svg"


def test_in_a_bundle_resources_are_under_the_unpacked_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kit = tmp_path / "resources" / "rt" / "fielddesk-admin-kit.pl"
    kit.parent.mkdir(parents=True)
    kit.write_text("# kit\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_root() == tmp_path / "resources"
    assert resource_path("rt", "fielddesk-admin-kit.pl") == kit


def test_missing_resource_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    with pytest.raises(FileNotFoundError, match=r"nope\.svg"):
        resource_path("icons", "nope.svg")
