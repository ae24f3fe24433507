"""Run ``fielddesk`` in-process on a profile, as a terminal user would, and read what it printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import __main__ as cli


def run(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of ``fielddesk --profile PROFILE ARGS...``."""
    code = cli.main(["--profile", str(profile), *args])
    out, err = capsys.readouterr()
    return code, out, err
