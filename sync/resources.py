"""Find files shipped in ``resources/``, from source and from a frozen bundle alike."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


def resources_root() -> Path:
    # PyInstaller unpacks bundled data under sys._MEIPASS; from source the
    # folder sits next to the packages.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return _source_root()


@cache
def _source_root() -> Path:
    # Resolved once: the window asks for each of its ~50 icons (a stat per folder each).
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource; raises FileNotFoundError when it is missing."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"FieldDesk resource missing: {path}")
    return path
