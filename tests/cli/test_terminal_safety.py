"""The command line prints what tickets say, never what they would make the terminal do.

No helpdesk needed: the replica is made here (``tests.hostile_replica``), and
``fielddesk login`` to a plain http:// address must not send anything anyway.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
import requests

from sync.account import NotSignedIn, load_account
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.hostile_replica import ESCAPES, SUBJECT, VISIT_ID, hostile_replica
from tests.sync.test_store import remote_ticket

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    profile = Profile(tmp_path / "profile").ensure()
    hostile_replica(profile.database_path, profile.attachments_dir).db.close()
    return profile.root


def test_show_and_visits_strip_escape_sequences(
    profile_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile_dir, "show", str(VISIT_ID))
    assert code == 0
    assert not CONTROL.search(out.replace("\n", "").replace("\t", "")), repr(out)
    assert "All jobs printed fine.PLEASE CALL +44 20 7946 0999" in out  # the words stay
    assert SUBJECT in out  # markup is only text to a terminal
    code, out, _ = run(capsys, profile_dir, "visits")
    assert code == 0 and "\x1b" not in out


def test_json_keeps_the_text_exact(profile_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, profile_dir, "show", str(VISIT_ID), "--json")
    assert code == 0
    assert "\x1b" not in out  # JSON escapes control characters itself...
    bodies = [entry["body"] for entry in json.loads(out)["history"]]
    assert ESCAPES in bodies  # ...and the data is what the helpdesk sent


def test_login_to_a_plain_http_address_is_refused_before_sending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sent: list[object] = []
    monkeypatch.setattr(requests.Session, "request", lambda *a, **_k: sent.append(a))
    monkeypatch.setattr("sys.stdin", io.StringIO("fielddesk\n"))
    profile = tmp_path / "profile"
    code, out, err = run(
        capsys,
        profile,
        "login",
        "--url",
        "http://rt.example.com",
        "--user",
        "alice",
        "--password-stdin",
    )
    assert code == 1 and out == ""
    assert err.startswith("fielddesk: http://rt.example.com is a plain http:// address")
    assert "unencrypted" in err and "https://rt.example.com" in err
    assert len(err.strip().splitlines()) == 1
    assert sent == []
    with pytest.raises(NotSignedIn):
        load_account(Profile(profile))


def test_login_with_a_password_in_the_address_keeps_it_nowhere(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`http://alice:S3cretPW@host` was signed in with, saved in account.json and printed."""
    sent: list[object] = []
    monkeypatch.setattr(requests.Session, "request", lambda *a, **_k: sent.append(a))
    monkeypatch.setattr("sys.stdin", io.StringIO("1-41-token\n"))
    profile = tmp_path / "profile"
    code, out, err = run(
        capsys,
        profile,
        "login",
        "--url",
        "http://alice:S3cretPW@127.0.0.1:38151/rt",
        "--user",
        "alice",
        "--token-stdin",
    )
    assert code == 1 and out == "" and sent == []
    assert "S3cretPW" not in err
    assert "use http://127.0.0.1:38151/rt and give the user name and password" in err
    with pytest.raises(NotSignedIn):
        load_account(Profile(profile))
    assert not any(
        "S3cretPW" in p.read_text(errors="replace") for p in profile.rglob("*") if p.is_file()
    )


def test_hidden_characters_do_not_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A zero-width space hides in a word ("pay\u200bpal" reads "paypal"), a word joiner
    or a byte-order mark likewise; a carriage return lets a line overwrite the one before."""
    profile = Profile(tmp_path / "profile").ensure()
    db = open_database(profile.database_path)
    subject = "Invoice from pay\u200bpal\u2060\ufeff\rPAID IN FULL"
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(41, subject=subject))
    db.close()
    code, out, _ = run(capsys, profile.root, "visits")
    assert code == 0
    assert "Invoice from paypalPAID IN FULL" in out, repr(out)
    assert not any(c in out for c in "\u200b\u2060\ufeff\r")


def test_a_visit_without_a_subject_shows_no_subject(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Profile(tmp_path / "profile").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(35, subject=""))
    db.close()
    code, out, _ = run(capsys, profile.root, "show", "35")
    assert code == 0
    assert out.splitlines()[0] == "#35 (no subject)"
