"""A reply cut off half way, or lost after RT took the change: the technician is told what
happened in plain words (how much came; that the change is checked, never sent twice),
never Python's exception text or "cannot reach the helpdesk" while it answered.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest

from cli import __main__ as cli
from devrt.instance import SAMPLE_PASSWORD
from sync import outbox
from sync.connectors.base import NoteRequest
from sync.connectors.rt_http import Credentials, RTHttp
from sync.errors import RetryableError
from sync.profile import Profile
from sync.session import sign_in
from sync.store import open_database
from tests.faults.checks import Rig, notes_on_helpdesk, outbox_row, unique, wait_until_due
from tests.faults.proxy import comment_on

pytestmark = pytest.mark.rt

CHECKED_NOT_RESENT = "nothing is lost: the change is checked before any resend, never sent twice"
PYTHON_TEXT = re.compile(r"IncompleteRead|ProtocolError|RemoteDisconnected|\(\(|Errno")


def reads(method: str, _path: str) -> bool:
    return method == "GET"


def fielddesk(
    capsys: pytest.CaptureFixture[str], profile: Profile, *args: str
) -> tuple[int, str, str]:
    code = cli.main(["--profile", str(profile.root), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def laptop(rig: Rig, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Profile:
    """alice's profile for the command line, through the proxy, synced once."""
    profile = Profile(tmp_path / "cli")
    sign_in(profile, rig.proxy.url, "alice", rig.rt.token("alice"), "token")
    code, _, err = fielddesk(capsys, profile, "sync")
    assert code == 0, err
    return profile


def test_a_cut_off_answer_to_a_change_says_how_much_came_and_that_it_is_checked(
    rig: Rig,
) -> None:
    ticket = rig.visits[0].id
    text = unique("Cleaned the scanner glass; streaks gone.")
    rig.proxy.truncate_reply_for(comment_on(ticket), keep=10, times=1)

    with pytest.raises(RetryableError) as cut:
        rig.connector.add_note(NoteRequest(ticket, str(uuid.uuid4()), text))

    assert re.fullmatch(
        rf"the helpdesk's reply was cut off after 10 of [\d,]+ bytes; {CHECKED_NOT_RESENT}",
        str(cut.value),
    ), str(cut.value)
    assert cut.value.ambiguous, "the change may be on the helpdesk: it must be looked up"
    assert len(notes_on_helpdesk(rig.helpdesk, ticket, text)) == 1, "RT took the note"


def test_a_note_whose_answer_was_cut_off_is_checked_not_sent_twice(rig: Rig) -> None:
    ticket = rig.visits[1].id
    text = unique("Re-terminated the wall socket; link at 1 Gbit/s.")
    row = outbox.add_note(rig.db, ticket, text, author="alice", minutes=5)
    rig.proxy.truncate_reply_for(comment_on(ticket), keep=10, times=1)

    report = rig.sync()

    assert [s.action for s in rig.proxy.seen() if comment_on(ticket)(s.method, s.path)] == [
        "truncated"
    ], "the note was posted again instead of looked up"
    assert report.ok, report
    assert outbox_row(rig.db, row).state == "done"
    assert len(notes_on_helpdesk(rig.helpdesk, ticket, text)) == 1


def test_fielddesk_sync_says_how_much_of_a_cut_off_reply_came(
    rig: Rig, laptop: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    rig.proxy.truncate_reply_for(reads, keep=100)

    code, _, err = fielddesk(capsys, laptop, "sync")

    assert code == 1
    assert re.fullmatch(
        r"fielddesk: sync incomplete: the helpdesk's reply was cut off after 100 of [\d,]+ "
        r"bytes\. Your changes are kept\n",
        err,
    ), err
    assert not PYTHON_TEXT.search(err)


def test_fielddesk_sync_says_a_lost_answer_is_checked_not_sent_twice(
    rig: Rig, laptop: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = rig.visits[2].id
    text = unique("Replaced the PSU fan; quiet under load.")
    assert fielddesk(capsys, laptop, "note", str(ticket), text)[0] == 0
    rig.proxy.drop_reply_for(comment_on(ticket), times=1)

    code, _, err = fielddesk(capsys, laptop, "sync")

    assert code == 1
    assert err == (
        "fielddesk: sync stopped: the connection to the helpdesk broke after the change was "
        f"sent, before its answer came; {CHECKED_NOT_RESENT}. Your changes are kept and sent "
        "later\n"
    )
    assert len(notes_on_helpdesk(rig.helpdesk, ticket, text)) == 1, "RT took the note"

    code, out, _ = fielddesk(capsys, laptop, "outbox")
    assert "sending" in out and CHECKED_NOT_RESENT in out  # what the outbox says meanwhile
    wait_for_backoff(laptop)
    code, out, err = fielddesk(capsys, laptop, "sync")
    assert code == 0, err
    assert len(notes_on_helpdesk(rig.helpdesk, ticket, text)) == 1, "the note was sent twice"


def wait_for_backoff(profile: Profile) -> None:
    db = open_database(profile.database_path)
    try:
        wait_until_due(db)
    finally:
        db.close()


def test_a_cut_off_answer_to_signing_in_is_not_called_unreachable(rig: Rig) -> None:
    http = RTHttp(rig.proxy.url, Credentials("alice", password=SAMPLE_PASSWORD))
    signing_in = ("/NoAuth/Login.html", "/REST/2.0/rt")
    rig.proxy.truncate_reply_for(lambda _method, path: path.endswith(signing_in), keep=5)
    try:
        with pytest.raises(RetryableError) as cut:
            http.get("queues/all")
    finally:
        http.close()

    assert str(cut.value) == "the helpdesk's answer to signing in was cut off"
    assert rig.proxy.seen("truncated")
