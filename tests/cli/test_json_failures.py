"""A command that fails still answers a script on stdout with ``--json``.

An admin's nightly ``fielddesk sync --json | jq ...`` (or a check for unsent work before a
laptop is re-imaged) got nothing on stdout when the sync failed: only an English line on
stderr and exit 1, so telling "offline" from "sign in again" meant scraping that line.
Now stdout holds one object, {"ok": false, "error", "cause", "exit"} and, for a sync that
ran, what it did ("report", as a sync that went well prints it); stderr and the exit
status are as before.
"""

from __future__ import annotations

import io
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from devrt.instance import RunningRT
from sync import secrets
from sync.report import SyncReport
from tests.cli import test_commands
from tests.cli.runner import run
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration import rt_admin

# What `sync --json` printed before failures answered too: the report's fields and the
# changes waiting for the user.  A run that went well prints exactly these.
SUCCESS_KEYS = {*SyncReport.__dataclass_fields__, "attention"}


def failure(out: str, err: str, code: int, cause: str) -> dict[str, Any]:
    """The one JSON object on stdout, checked against stderr's line and the exit status."""
    data = json.loads(out)  # one object, nothing else on stdout
    assert data["ok"] is False
    assert (data["cause"], data["exit"]) == (cause, code)
    assert err.count("\n") == 1 and err == f"fielddesk: {data['error']}\n"
    return data


def test_a_folder_with_no_profile_says_so_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, tmp_path / "typo", "sync", "--json")

    assert code == 1
    data = failure(out, err, code, "no_profile")
    assert data["error"].startswith("no FieldDesk profile at ") and "report" not in data


def test_outbox_json_on_a_folder_with_no_profile_is_a_json_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, tmp_path / "typo", "outbox", "--json")
    assert code == 1
    failure(out, err, code, "no_profile")


def test_without_json_a_failure_prints_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, tmp_path / "typo", "sync")
    assert (code, out) == (1, "")
    assert err.startswith("fielddesk: no FieldDesk profile at ")


signed_in = test_commands.signed_in  # carol, signed in to the private RT


def move_helpdesk(profile: Path, url: str, token: str) -> None:
    """The same account, its helpdesk at ``url`` (the token kept for it)."""
    secrets.store_secret(url, "carol", token)
    account = json.loads((profile / "account.json").read_text())
    (profile / "account.json").write_text(json.dumps({**account, "url": url}))


def closed_port() -> str:
    """A loopback address where nothing listens: the connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.rt
def test_a_successful_sync_prints_its_report_as_before(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, signed_in, "sync", "--json")

    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == SUCCESS_KEYS  # no "ok", "cause" or "report" added
    assert data["tickets_pulled"] > 0 and data["error"] is None


@pytest.mark.rt
def test_not_signed_in(signed_in: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    (signed_in / "account.json").unlink()  # signed out, the replica kept

    code, out, err = run(capsys, signed_in, "sync", "--json")

    assert code == 1
    data = failure(out, err, code, "not_signed_in")
    assert "not signed in" in data["error"] and "report" not in data


@pytest.mark.rt
def test_offline_sync_says_offline_and_what_it_kept(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    ticket = json.loads(run(capsys, signed_in, "visits", "--json")[1])[0]["id"]
    assert run(capsys, signed_in, "note", str(ticket), "Offline note")[0] == 0
    move_helpdesk(signed_in, closed_port(), rt.token("carol"))

    code, out, err = run(capsys, signed_in, "sync", "--json")

    assert code == 1
    data = failure(out, err, code, "offline")
    assert data["error"].startswith("sync stopped: cannot reach the helpdesk")
    report = data["report"]  # as a sync that went well prints it
    assert set(report) == SUCCESS_KEYS
    assert (report["pushed"], report["offline"]) == (0, True)
    # The note waits in the outbox: a script checking for unsent work sees it there.
    (waiting,) = json.loads(run(capsys, signed_in, "outbox", "--json")[1])
    assert waiting["state"] == "pending"


@pytest.mark.rt
def test_a_revoked_token_says_sign_in_needed(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = tmp_path / "revoked"
    token = rt_admin.create_token(rt, "carol")
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    login = ("login", "--url", rt.url, "--user", "carol", "--token-stdin")
    assert run(capsys, profile, *login)[0] == 0
    rt_admin.revoke_token(rt, token)

    code, out, err = run(capsys, profile, "sync", "--json")

    assert code == 1
    data = failure(out, err, code, "sign_in_needed")
    assert data["error"].startswith("sign-in needed: ")
    assert data["report"]["auth_failed"] is True


@pytest.mark.rt
def test_a_token_refused_at_login_says_sign_in_needed(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("1-99-0123456789abcdef0123456789abcdef\n"))
    login = ("login", "--url", rt.url, "--user", "carol", "--token-stdin", "--json")

    code, out, err = run(capsys, tmp_path / "new", *login)

    assert code == 1
    failure(out, err, code, "sign_in_needed")


@pytest.mark.rt
def test_a_busy_helpdesk_after_a_note_went_reports_the_note_sent(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    ticket = json.loads(run(capsys, signed_in, "visits", "--json")[1])[0]["id"]
    assert run(capsys, signed_in, "note", str(ticket), "Sent before the helpdesk got busy")[0] == 0
    note_went = False

    def after_the_note(method: str, path: str) -> bool:
        nonlocal note_went
        if comment_on(ticket)(method, path):
            note_went = True
            return False  # the note is answered
        return note_went  # then RT is in maintenance for an hour

    with FaultProxy(rt.url) as proxy:
        proxy.replace_status(after_the_note, 503, headers=[("Retry-After", "3600")])
        move_helpdesk(signed_in, proxy.url, rt.token("carol"))
        code, out, err = run(capsys, signed_in, "sync", "--json")

    assert code == 1
    data = failure(out, err, code, "helpdesk_busy")
    assert data["error"].startswith("helpdesk busy: it asked us to wait 1 h")
    assert data["report"]["pushed"] == 1  # what the run did before it stopped
