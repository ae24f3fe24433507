"""Run ``fielddesk`` in-process on a profile, as a terminal user would, and read what it printed."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from cli import __main__ as cli

if TYPE_CHECKING:
    from devrt.instance import RunningRT


def run(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    """The exit code, stdout and stderr of ``fielddesk --profile PROFILE ARGS...``."""
    code = cli.main(["--profile", str(profile), *args])
    out, err = capsys.readouterr()
    return code, out, err


def log_in(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: Path,
    rt: RunningRT,
    user: str,
) -> str:
    """``fielddesk login`` on ``profile`` as ``user`` of the private RT, its token typed on
    standard input; what it printed (asserted to have worked)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(rt.token(user) + "\n"))
    code, out, err = run(capsys, profile, "login", "--url", rt.url, "--user", user, "--token-stdin")
    assert code == 0, err
    return out
