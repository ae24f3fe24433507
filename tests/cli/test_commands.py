"""The fielddesk CLI as a deployment script or a support engineer uses it, against real RT."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from cli import __main__ as cli
from devrt.instance import RunningRT
from sync import secrets
from sync.profile import Profile
from sync.session import Session
from tests.cli.runner import log_in, run
from tests.integration.helpers import comments_with

pytestmark = pytest.mark.rt


@pytest.fixture
def signed_in(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    profile = tmp_path / "profile"
    assert "Signed in as Carol Lindqvist (carol)" in log_in(
        capsys, monkeypatch, profile, rt, "carol"
    )
    return profile


def test_login_sync_work_and_sync_again(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, signed_in, "sync")
    assert code == 0 and "Sent 0 changes" in out
    code, out, _ = run(capsys, signed_in, "visits", "--json")
    visits = json.loads(out)
    assert visits and {v["owner"] for v in visits} == {"carol"}
    ticket = next(v["id"] for v in visits if v["status"] == "open")

    assert (
        run(capsys, signed_in, "note", str(ticket), "Swapped the patch lead.", "--time", "10")[0]
        == 0
    )
    resolve = ["status", str(ticket), "resolved", "--note", "Link is up again."]
    assert run(capsys, signed_in, *resolve)[0] == 0
    code, out, _ = run(capsys, signed_in, "outbox")
    assert (
        code == 0 and "note (10 min): Swapped the patch lead." in out and "status → resolved" in out
    )

    code, out, _ = run(capsys, signed_in, "sync")
    assert code == 0 and "Sent 3 changes" in out
    assert len(comments_with(rt, ticket, "Swapped the patch lead.")) == 1
    assert len(comments_with(rt, ticket, "Resolution: Link is up again.")) == 1
    code, out, _ = run(capsys, signed_in, "show", str(ticket))
    assert "Status: resolved" in out and "Swapped the patch lead." in out
    assert "Internal note — Carol Lindqvist" in out  # as the window names people and notes
    assert re.search(r"Priority: (Low|Normal|High|Urgent) \(\d+\)", out), out
    assert run(capsys, signed_in, "outbox")[1].strip() == "Nothing waiting to be sent."


def test_show_keeps_a_long_history_to_its_newest_entries(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    visits = json.loads(run(capsys, signed_in, "visits", "--json")[1])
    ticket = str(next(v["id"] for v in visits if v["status"] == "open"))
    for n in range(60):  # as a mail loop fills a ticket, here with the technician's notes
        assert run(capsys, signed_in, "note", ticket, f"Loop check {n:02d}.")[0] == 0
    whole = run(capsys, signed_in, "show", ticket, "--all")[1]
    told = whole.count("\n--- ")

    code, out, _ = run(capsys, signed_in, "show", ticket)

    assert code == 0 and out.startswith(f"#{ticket} ")
    assert out.count("\n--- ") == 50 and "Loop check 59." in out and "Loop check 09." not in out
    assert f"({told - 50} earlier history entries not shown: --all shows them)" in out
    assert "Loop check 00." in whole and told > 60
    newest = run(capsys, signed_in, "show", ticket, "--last", "2")[1]
    assert newest.count("\n--- ") == 2 and "Loop check 58." in newest
    every = run(capsys, signed_in, "show", ticket, "--last", str(told + 5))[1]
    assert every.count("\n--- ") == told and "not shown" not in every
    with pytest.raises(SystemExit):
        run(capsys, signed_in, "show", ticket, "--last", "0")
    assert "give 1 or more" in capsys.readouterr().err


def test_local_commands_work_with_the_helpdesk_unreachable(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    # The helpdesk moves somewhere unreachable (same account, same token).
    gone = "http://127.0.0.1:9"
    secrets.store_secret(gone, "carol", rt.token("carol"))
    account = json.loads((signed_in / "account.json").read_text())
    (signed_in / "account.json").write_text(json.dumps({**account, "url": gone}))

    code, out, _ = run(capsys, signed_in, "kb", "search", "paper jam")
    assert code == 0 and "[" in out
    ticket = json.loads(run(capsys, signed_in, "visits", "--json")[1])[0]["id"]
    assert run(capsys, signed_in, "note", str(ticket), "Offline note")[0] == 0
    code, _, err = run(capsys, signed_in, "sync")
    assert code == 1
    assert (
        err.count("\n") == 1
        and err.startswith("fielddesk: sync stopped: cannot reach the helpdesk")
        and "kept" in err
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "999999"], "there is no visit #999999"),
        (["set", "1", "priority", "high"], ""),
        (["resolve", "1", "status", "mine"], "no open conflict"),
        (["kb", "show", "424242"], "there is no article 424242"),
    ],
)
def test_errors_are_one_line_without_traceback(
    signed_in: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    code, _, err = run(capsys, signed_in, *args)
    assert code == 1
    assert err.startswith("fielddesk: ") and expected in err and "Traceback" not in err


def test_wrong_token_is_refused_and_nothing_is_stored(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("1-40-deadbeef\n"))
    code, _, err = run(
        capsys, tmp_path / "p", "login", "--url", rt.url, "--user", "bob", "--token-stdin"
    )
    assert code == 1 and "refused" in err
    assert not (tmp_path / "p" / "account.json").exists()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--profile", str(tmp_path), "status", "1", "finished"])
    assert exit_info.value.code == 2


def test_download_cap_is_a_profile_setting(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "config", "attachments.max_download_mb", "5")[0] == 0
    code, out, _ = run(capsys, signed_in, "config")
    assert code == 0 and "attachments.max_download_mb = 5" in out
    assert Session(Profile(signed_in)).max_download_mb == 5
    code, _, err = run(capsys, signed_in, "config", "attachments.max_download_mb", "lots")
    assert code == 1 and "whole number" in err


def test_sync_exits_3_while_a_refused_change_waits_and_json_says_which(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    _, out, _ = run(capsys, signed_in, "visits", "--json")
    visit = json.loads(out)[0]["id"]
    assert run(capsys, signed_in, "set", str(visit), "owner", "nosuchtechnician")[0] == 0
    assert run(capsys, signed_in, "set", str(visit), "parts_used", "2 x fuser")[0] == 0

    code, out, err = run(capsys, signed_in, "sync", "--json")

    assert code == 3, err  # deployment scripts notice; "unreachable" stays 1
    [refused] = json.loads(out)["attention"]["refused"]
    assert refused["cause"] == "invalid" and "does not exist" in refused["reason"]
    code, out, _ = run(capsys, signed_in, "sync")
    assert code == 3 and "1 change needs your decision" in out  # still waiting, still said
    # The parts change waits behind the refused one (else its retry would undo it): said.
    _, out, _ = run(capsys, signed_in, "outbox")
    held = f"held       #{visit}: parts_used → 2 x fuser  ← waits for refused change"
    assert f"{held} {refused['seq']}" in out
    _, out, _ = run(capsys, signed_in, "outbox", "--json")
    assert [r["waits_for"] for r in json.loads(out)] == [None, refused["seq"]]

    assert run(capsys, signed_in, "outbox", "discard", str(refused["seq"]), "--yes")[0] == 0
    code, out, _ = run(capsys, signed_in, "sync")
    assert code == 0 and "Sent 1 change" in out  # the held change follows it
