"""What the terminal or a typo does to `fielddesk`: a folder that is no profile, output
that cannot take a character, a closed stdout or stdin, Ctrl-C, a narrow terminal.

Each ends with one line and the exit status a script reads, never a traceback, and
never with a new, empty profile that says nothing waits to be sent.
"""

from __future__ import annotations

import json
import os
import pty
import struct
import subprocess
import sys
import termios
from fcntl import ioctl
from pathlib import Path

import pytest

from cli import __main__ as cli
from sync import outbox
from sync.profile import Profile
from sync.store import open_database
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.hostile_replica import VISIT_ID, hostile_replica

pytestmark = pytest.mark.usefixtures("os_keyring")  # children open the replica (conftest.py)

EMOJI_NOTE = "Printer fixed 👍 — toner replaced"


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """A profile with a replica: one visit, and a note with an emoji waiting to be sent."""
    profile = Profile(tmp_path / "profile").ensure()
    visit = hostile_replica(profile.database_path, profile.attachments_dir)
    set_setting(visit.db, "user", "alice")
    outbox.add_note(visit.db, VISIT_ID, EMOJI_NOTE, author="alice")
    visit.db.close()
    return profile.root


def notes_saved(profile_dir: Path) -> list[str]:
    db = open_database(Profile(profile_dir).database_path)
    try:
        return [r.payload["content"] for r in outbox.rows(db) if r.kind == "note"]
    finally:
        db.close()


def fielddesk(
    profile: Path, *args: str, env: dict[str, str] | None = None, shell_redirect: str = ""
) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process; ``shell_redirect`` as a shell gives it
    (``>&-`` closes stdout)."""
    command = [sys.executable, "-m", "cli", "--profile", str(profile), *args]
    return subprocess.run(
        ["sh", "-c", f'exec "$@" {shell_redirect}', "sh", *command],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **(env or {})},
        timeout=60,
        check=False,
    )


def one_line(err: str) -> str:
    assert "Traceback" not in err, err
    assert err.count("\n") == 1 and err.startswith("fielddesk: "), err
    return err.strip()


# -- 1. a folder that is no profile -----------------------------------------------------------
@pytest.mark.parametrize("command", [["outbox", "--json"], ["visits"], ["sync"], ["config"]])
def test_a_mistyped_profile_is_refused_and_not_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    typo = tmp_path / "profiel"

    code, out, err = run(capsys, typo, *command)

    assert code == 1
    # --json answers a script on stdout too (tests/cli/test_json_failures.py)
    assert json.loads(out)["cause"] == "no_profile" if "--json" in command else out == ""
    line = one_line(err)
    assert f"no FieldDesk profile at {typo}" in line and "fielddesk --profile" in line
    assert "login" in line
    assert not typo.exists()  # no new, empty profile (nor a replica's key) made


def test_a_mistyped_fielddesk_profile_variable_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typo = tmp_path / "nobody"
    monkeypatch.setenv("FIELDDESK_PROFILE", str(typo))

    code = cli.main(["outbox"])

    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert f"no FieldDesk profile at {typo}" in one_line(err)
    assert not typo.exists()


def test_a_signed_in_profile_without_visits_yet_lists_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Profile(tmp_path / "new").ensure()
    (profile.root / "account.json").write_text(
        json.dumps({"url": "https://rt.example.com", "user": "alice", "auth": "token"})
    )

    code, out, err = run(capsys, profile.root, "visits")

    assert (code, err) == (0, "")
    assert out == "No visits on this laptop yet.\n"


# -- 2. output that cannot take a character ---------------------------------------------------
@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_show_on_an_output_without_emoji_or_dashes_prints_the_rest(
    profile_dir: Path, encoding: str
) -> None:
    result = fielddesk(profile_dir, "show", str(VISIT_ID), env={"PYTHONIOENCODING": encoding})

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"#{VISIT_ID}" in result.stdout
    assert "Printer fixed ? " in result.stdout and "toner replaced" in result.stdout


# -- 3. a closed stdout or stdin, a windowed program --------------------------------------------
def test_a_note_with_stdout_closed_is_saved_once_and_says_ok(profile_dir: Path) -> None:
    result = fielddesk(profile_dir, "note", str(VISIT_ID), "Cable replaced", shell_redirect=">&-")

    assert (result.returncode, result.stderr) == (0, "")  # a retrying script stops here
    assert notes_saved(profile_dir).count("Cable replaced") == 1


def test_a_note_on_a_full_disk_stdout_is_saved_and_says_ok(profile_dir: Path) -> None:
    result = fielddesk(
        profile_dir, "note", str(VISIT_ID), "Fan cleaned", shell_redirect=">/dev/full"
    )

    assert result.returncode == 0
    assert "output was not written" in one_line(result.stderr)
    assert notes_saved(profile_dir).count("Fan cleaned") == 1


def test_a_note_read_from_a_closed_stdin_says_so_in_one_line(profile_dir: Path) -> None:
    result = fielddesk(profile_dir, "note", str(VISIT_ID), "-", shell_redirect="<&-")

    assert result.returncode == 1
    one_line(result.stderr)
    assert notes_saved(profile_dir) == [EMOJI_NOTE]


def test_login_with_a_closed_stdin_says_there_is_no_secret(tmp_path: Path) -> None:
    result = fielddesk(
        tmp_path / "new",
        *("login", "--url", "https://rt.example.com", "--user", "alice", "--password-stdin"),
        shell_redirect="<&-",
    )

    assert result.returncode == 1
    assert one_line(result.stderr) == "fielddesk: no secret on standard input"


def test_a_windowed_program_without_streams_runs_a_command(
    profile_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FieldDesk.exe (console=False) has no stdin, stdout or stderr.
    for stream in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, stream, None)

    assert cli.main(["--profile", str(profile_dir), "note", str(VISIT_ID), "Done"]) == 0
    assert cli.main(["--profile", str(profile_dir), "note", str(VISIT_ID), "-"]) == 1
    assert notes_saved(profile_dir).count("Done") == 1


# -- 4. Ctrl-C in a command other than sync -----------------------------------------------------
def test_ctrl_c_in_a_command_says_interrupted_and_exits_130(
    profile_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def pressed(*_args: object) -> list[object]:
        raise KeyboardInterrupt

    monkeypatch.setattr(outbox, "rows", pressed)

    code, out, err = run(capsys, profile_dir, "outbox")

    assert (code, out) == (130, "")
    assert one_line(err) == "fielddesk: interrupted"


# -- 7. the progress line on a narrow terminal --------------------------------------------------
def test_the_progress_line_fits_a_40_column_terminal(
    profile_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sync.report import Progress, SyncReport  # noqa: PLC0415
    from sync.session import Session  # noqa: PLC0415

    def a_long_run(_session: Session, progress: object = None, **_kw: object) -> SyncReport:
        assert callable(progress)
        for done in range(5):
            progress(Progress("pull", done, 510, "history of a visit with a long subject"))
        return SyncReport()

    monkeypatch.setattr(Session, "sync", a_long_run)
    reader, terminal = pty.openpty()
    ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    with open(terminal, "w", encoding="utf-8", closefd=True) as tty:
        monkeypatch.setattr(sys, "stderr", tty)
        code = cli.main(["--profile", str(profile_dir), "sync"])
    shown = _everything_shown(reader)

    assert code == 0, capsys.readouterr()
    updates = [u for u in shown.replace("\r\n", "\n").split("\r") if u.strip()]
    assert len(updates) == 5
    # Each overwrites the one before: none reaches the last column, where it would wrap.
    assert all(len(u.rstrip("\n")) <= 39 for u in updates), updates


def _everything_shown(reader: int) -> str:
    """All the terminal received: one read may return only part of it (a busy machine);
    once the terminal's side is closed, the last read fails (EIO) or returns nothing."""
    received = b""
    try:
        while chunk := os.read(reader, 65536):
            received += chunk
    except OSError:
        pass
    finally:
        os.close(reader)
    return received.decode()
