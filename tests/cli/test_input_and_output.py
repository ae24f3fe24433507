"""What the user hands `fielddesk` and where its output goes: bytes on the command line,
note text from standard input or a file, a pipe closed early, log lines kept off the
terminal, and outbox numbers that do not name a waiting change.

No helpdesk needed: the replica is made here (``tests.hostile_replica``).  The
tests about the process itself (argv bytes, a closed pipe) run the real entry point.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.account import Account, save_account
from sync.profile import Profile
from sync.store import open_database
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.hostile_replica import VISIT_ID, hostile_replica

NOTE = "Replaced the fuser unit.\n\nCafé customer happy — 20 pages printed clean."


pytestmark = pytest.mark.usefixtures("os_keyring")  # tests/cli/conftest.py


@pytest.fixture
def profile_dir(tmp_path: Path, os_keyring: None) -> Path:
    profile = Profile(tmp_path / "profile").ensure()
    visit = hostile_replica(profile.database_path, profile.attachments_dir)
    set_setting(visit.db, "user", "alice")
    visit.db.close()
    return profile.root


@pytest.fixture
def replica(profile_dir: Path) -> Iterator[sqlite_utils.Database]:
    db = open_database(Profile(profile_dir).database_path)
    yield db
    db.close()


def fielddesk(
    profile: Path, *args: str | bytes, stdin: bytes = b"", stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    """The real entry point in a child process (argv as bytes, as a shell passes it)."""
    argv: list[str | bytes] = [sys.executable, "-m", "cli", "--profile", str(profile), *args]
    return subprocess.run(
        [os.fsencode(a) for a in argv],
        input=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=60,
        check=False,
    )


def error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode()
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith("fielddesk: "), err
    return err


def saved_notes(db: sqlite_utils.Database) -> list[str]:
    return [r.payload["content"] for r in outbox.rows(db) if r.kind == "note"]


# -- bytes that are not UTF-8 on the command line ---------------------------------------------
def test_a_note_that_is_not_utf8_is_refused_naming_the_argument(
    profile_dir: Path, replica: sqlite_utils.Database
) -> None:
    result = fielddesk(profile_dir, "note", str(VISIT_ID), b"Caf\xe9 closed at 5")

    assert result.returncode == 2
    err = error_line(result)
    assert "TEXT argument is not valid UTF-8" in err and r"Caf\xe9 closed" in err
    assert saved_notes(replica) == []


def test_a_new_ticket_subject_that_is_not_utf8_is_refused_naming_the_option(
    profile_dir: Path, replica: sqlite_utils.Database
) -> None:
    result = fielddesk(profile_dir, "new", "--subject", b"Fan \xff\xfe noise", "--text", "Loud")

    assert result.returncode == 2
    assert "--subject is not valid UTF-8" in error_line(result)
    assert outbox.rows(replica) == []


def test_utf8_arguments_and_a_profile_path_of_any_bytes_still_work(tmp_path: Path) -> None:
    """A Linux file name may be any bytes: --profile is a path, not text."""
    odd = tmp_path / os.fsdecode(b"d\xe9p\xf4t")
    profile = Profile(odd).ensure()
    visit = hostile_replica(profile.database_path, profile.attachments_dir)
    set_setting(visit.db, "user", "alice")
    visit.db.close()

    result = fielddesk(odd, "note", str(VISIT_ID), "Café: toner swapped ✓")

    assert result.returncode == 0, result.stderr.decode()
    db = open_database(profile.database_path)
    assert saved_notes(db) == ["Café: toner swapped ✓"]
    db.close()


# -- note text from standard input or a file ----------------------------------------------------
def test_note_text_from_standard_input(profile_dir: Path, replica: sqlite_utils.Database) -> None:
    result = fielddesk(profile_dir, "note", str(VISIT_ID), "-", stdin=NOTE.encode() + b"\n")

    assert result.returncode == 0, result.stderr.decode()
    assert saved_notes(replica) == [NOTE]
    shown = [e.body for e in ticket_store.history(replica, VISIT_ID) if e.id is None]
    assert shown == [NOTE]


def test_note_text_from_a_file(
    profile_dir: Path, replica: sqlite_utils.Database, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    # As Notepad writes it: a byte order mark, and CR LF line ends.
    report.write_bytes(b"\xef\xbb\xbf" + NOTE.replace("\n", "\r\n").encode() + b"\r\n")

    result = fielddesk(profile_dir, "note", str(VISIT_ID), "--file", str(report), "--time", "20")

    assert result.returncode == 0, result.stderr.decode()
    assert saved_notes(replica) == [NOTE]


@pytest.mark.parametrize("source", ["file", "stdin"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_note_text_saved_as_utf16_is_read(
    profile_dir: Path, replica: sqlite_utils.Database, tmp_path: Path, source: str, encoding: str
) -> None:
    # Notepad's "Unicode", PowerShell 5.1's `>`: UTF-16 after its byte order mark.
    utf16 = ("\ufeff" + NOTE + " Größe Привет 北京\r\n").replace("\n", "\r\n").encode(encoding)
    report = tmp_path / "report.txt"
    report.write_bytes(utf16)
    args = ["--file", str(report)] if source == "file" else ["-"]

    result = fielddesk(profile_dir, "note", str(VISIT_ID), *args, stdin=utf16)

    assert result.returncode == 0, result.stderr.decode()
    assert saved_notes(replica) == [NOTE + " Größe Привет 北京"]


def test_broken_utf16_is_a_clear_error(
    profile_dir: Path, replica: sqlite_utils.Database, tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes("\ufeffCafé".encode("utf-16-le") + b"\x00")  # cut off mid-letter

    result = fielddesk(profile_dir, "note", str(VISIT_ID), "--file", str(report))

    assert result.returncode == 1
    assert "report.txt is not UTF-16 text (byte 0x00 at offset 10)" in error_line(result)
    assert saved_notes(replica) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("stdin", "standard input is not UTF-8 text (byte 0xe9 at offset 30)"),
        ("file", "report.txt is not UTF-8 text (byte 0xe9 at offset 30)"),
        ("missing", "cannot read"),
        ("binary", "is not text (it holds NUL bytes)"),
        ("both", "give a note as TEXT, as '-' to read standard input, or with --file PATH"),
        ("neither", "give a note as TEXT"),
    ],
)
def test_note_text_that_cannot_be_used_is_a_clear_error(
    profile_dir: Path,
    replica: sqlite_utils.Database,
    tmp_path: Path,
    source: str,
    expected: str,
) -> None:
    latin1 = "Replaced the fuser unit at Café Nord.".encode("latin-1")
    report = tmp_path / "report.txt"
    report.write_bytes(b"\x00PK\x03\x04" if source == "binary" else latin1)
    args: list[str] = {
        "stdin": ["-"],
        "file": ["--file", str(report)],
        "missing": ["--file", str(tmp_path / "nowhere.txt")],
        "binary": ["--file", str(report)],
        "both": ["Reseated the tray.", "--file", str(report)],
        "neither": [],
    }[source]

    result = fielddesk(profile_dir, "note", str(VISIT_ID), *args, stdin=latin1)

    assert result.returncode == 1
    assert expected in error_line(result)
    assert saved_notes(replica) == []


def test_a_new_tickets_text_from_standard_input(
    profile_dir: Path, replica: sqlite_utils.Database
) -> None:
    result = fielddesk(
        profile_dir, "new", "--subject", "Fan noise", "--text", "-", stdin=b"Loud at startup.\n"
    )

    assert result.returncode == 0, result.stderr.decode()
    (row,) = outbox.rows(replica)
    assert row.kind == "create_ticket" and "Loud at startup." in str(row.payload)


# -- output into a pipe whose reader has gone ---------------------------------------------------
@pytest.mark.parametrize("command", [["visits"], ["show", str(VISIT_ID)], ["outbox", "--json"]])
def test_a_closed_pipe_ends_quietly(profile_dir: Path, command: list[str]) -> None:
    """`fielddesk visits | head -1`: head has exited before fielddesk writes."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = fielddesk(profile_dir, *command, stdout=write_end)
    finally:
        os.close(write_end)

    assert result.stderr == b"", result.stderr.decode()  # no traceback, no "Exception ignored"
    assert result.returncode == 141  # as a shell reports `ls | head` cut short (128 + SIGPIPE)


def test_a_pipeline_into_head_prints_the_first_line(profile_dir: Path) -> None:
    """`fielddesk show N | head -1`, the two processes wired as a shell does."""
    argv = [sys.executable, "-m", "cli", "--profile", str(profile_dir), "show", str(VISIT_ID)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as desk:
        assert desk.stdout is not None and desk.stderr is not None
        head = subprocess.run(
            ["head", "-1"], stdin=desk.stdout, capture_output=True, timeout=60, check=False
        )
        desk.stdout.close()  # only head reads it, as in a shell
        errors = desk.stderr.read()
        desk.wait(timeout=60)

    assert head.stdout.decode().startswith(f"#{VISIT_ID} ")
    assert errors == b"", errors.decode()
    assert desk.returncode in (0, 141)  # 141 when head was gone before the last write


# -- log lines: the profile's log file, not the terminal ----------------------------------------
def test_a_sync_that_cannot_reach_the_helpdesk_says_one_line_and_logs_the_rest(
    profile_dir: Path,
) -> None:
    with socket.socket() as probe:  # a port where nothing answers
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    save_account(Profile(profile_dir), Account(nowhere, "alice", "token"), "1-40-x")

    result = fielddesk(profile_dir, "sync")

    assert result.returncode == 1
    assert f"cannot reach the helpdesk at {nowhere}" in error_line(result)
    logged = (Profile(profile_dir).log_dir / "fielddesk.log").read_text()
    assert "WARNING sync.engine: sync stopped" in logged and "INFO sync.engine: sync: " in logged


# -- outbox numbers ----------------------------------------------------------------------------
def note_row(profile_dir: Path, db: sqlite_utils.Database) -> outbox.OutboxRow:
    assert fielddesk(profile_dir, "note", str(VISIT_ID), "Swapped the drum.").returncode == 0
    (row,) = outbox.rows(db)
    return row


@pytest.mark.parametrize("action", [["retry"], ["discard", "--yes"]])
def test_a_change_that_does_not_exist_is_not_retried_or_discarded(
    profile_dir: Path, action: list[str]
) -> None:
    result = fielddesk(profile_dir, "outbox", action[0], "99999", *action[1:])

    assert result.returncode == 1
    assert "there is no change 99999 in the outbox" in error_line(result)
    assert b"sent again" not in result.stdout


def test_retrying_a_change_that_was_not_refused_says_so(
    profile_dir: Path, replica: sqlite_utils.Database
) -> None:
    row = note_row(profile_dir, replica)

    result = fielddesk(profile_dir, "outbox", "retry", str(row.seq))

    assert result.returncode == 1
    assert f"change {row.seq} was not refused" in error_line(result)


def test_retrying_a_refused_change_sends_it_again(
    profile_dir: Path, replica: sqlite_utils.Database
) -> None:
    row = note_row(profile_dir, replica)
    outbox.mark_rejected(replica, row.seq, "Permission Denied", "no_right")

    result = fielddesk(profile_dir, "outbox", "retry", str(row.seq))

    assert result.returncode == 0, result.stderr.decode()
    assert b"will be sent again at the next sync" in result.stdout
    again = outbox.get_row(replica, row.seq)
    assert again is not None and (again.state, again.last_error) == ("pending", None)


@pytest.mark.parametrize("action", [["retry"], ["discard", "--yes"]])
def test_a_change_whose_answer_was_lost_is_neither_resent_nor_dropped(
    profile_dir: Path, replica: sqlite_utils.Database, action: list[str]
) -> None:
    """The helpdesk may hold it: only the next sync's look-up may decide."""
    row = note_row(profile_dir, replica)
    outbox.mark_in_flight(replica, row)

    result = fielddesk(profile_dir, "outbox", action[0], str(row.seq), *action[1:])

    assert result.returncode == 1
    assert "never sent twice" in error_line(result)
    still = outbox.get_row(replica, row.seq)
    assert still is not None and still.state == "in_flight"
    assert saved_notes(replica) == ["Swapped the drum."]


def test_the_outbox_says_sending_only_while_a_change_is_in_doubt(
    profile_dir: Path, replica: sqlite_utils.Database
) -> None:
    """As the window's Outbox: a change whose sending never left waits, "pending"."""
    row = note_row(profile_dir, replica)
    outbox.mark_in_flight(replica, row)
    in_doubt = fielddesk(profile_dir, "outbox").stdout.decode()
    outbox.mark_answered(replica, row.seq)  # the helpdesk could not be reached
    never_left = fielddesk(profile_dir, "outbox").stdout.decode()

    assert "sending" in in_doubt and "in_flight" not in in_doubt
    assert "pending" in never_left and "sending" not in never_left


@pytest.mark.parametrize("action", [["retry"], ["discard", "--yes"]])
def test_a_change_already_sent_is_said_to_be_sent(
    profile_dir: Path, replica: sqlite_utils.Database, action: list[str]
) -> None:
    row = note_row(profile_dir, replica)
    outbox.mark_done(replica, row.seq, "123")

    result = fielddesk(profile_dir, "outbox", action[0], str(row.seq), *action[1:])

    assert result.returncode == 1
    assert f"change {row.seq} was already sent" in error_line(result)


def test_a_secret_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    result = fielddesk(
        tmp_path / "p",
        *("login", "--url", "https://rt.example.com", "--user", "alice", "--token-stdin"),
        stdin=b"1-40-\xff\xfe\n",
    )

    assert result.returncode == 1
    assert "standard input is not UTF-8 text" in error_line(result)
