"""A mistyped password at ``fielddesk login`` is said as the sign-in window says it.

Before, the command line said "the helpdesk refused alice's password: it was changed, or
the account was disabled in RT" to someone who had only just typed it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.connectors.rt_auth import Credentials, refused_credentials
from sync.errors import Cause
from tests.cli.runner import run


@pytest.mark.rt
def test_a_mistyped_password_at_login_is_not_called_changed(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("fielddesk-typo\n"))
    code, _, err = run(
        capsys, tmp_path / "p", "login", "--url", rt.url, "--user", "alice", "--password-stdin"
    )
    assert code == 1
    assert err.strip() == (
        "fielddesk: the helpdesk did not accept this user name and password. If they are"
        " right, ask the RT administrator whether your account is enabled"
    )
    assert not (tmp_path / "p" / "account.json").exists()


def test_a_stored_password_that_stops_working_is_still_called_changed() -> None:
    later = refused_credentials(Credentials("alice", password="kept since Monday"))
    assert later.cause is Cause.PASSWORD_REFUSED
    assert str(later).startswith("the helpdesk refused alice's password: it was changed")
