"""`fielddesk outbox export`: any unsent note, refused or not, goes to a file.

A technician who can no longer sign in (account disabled, token revoked, gone) still
has her notes on the laptop; exporting them is the only way left.  The file says
truthfully why each was not sent.  No helpdesk needed: the replica is made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import outbox
from sync.attachments import import_bytes
from sync.errors import Cause
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.sync.test_store import remote_ticket

TOKEN_REFUSED = "the helpdesk refused alice's token: it is wrong, was revoked or has expired"


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    """Alice's profile with visit #7 and notes in each state a note waits in:
    1 pending, 2 refused for a bad value, 3 refused at sign-in, 4 tried while offline;
    and 5, a field change (not a note)."""
    profile = Profile(tmp_path / "profile").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7))
    set_setting(db, "user", "alice")
    photo = import_bytes(profile.attachments_dir, b"\x89PNG bay 7", "bay 7.png")
    outbox.add_note(db, 7, "Fuser swapped.", author="alice", minutes=25, attachments=[photo])
    outbox.add_note(db, 7, "Parts used: RM2-5399.", author="alice", minutes=5)
    outbox.mark_rejected(db, 2, "Time Worked: not a number", Cause.INVALID)
    outbox.add_note(db, 7, "Customer signed off.", author="alice")
    outbox.mark_rejected(db, 3, TOKEN_REFUSED, Cause.TOKEN_REFUSED)
    outbox.add_note(db, 7, "Left the spare toner.", author="alice")
    outbox.mark_retry(db, 4, "cannot reach the helpdesk", 0)
    outbox.set_fields(db, 7, {"parts_used": "RM2-5399"})
    db.close()
    return profile.root


def exported(capsys: pytest.CaptureFixture[str], laptop: Path, seq: int, target: Path) -> str:
    code, out, err = run(capsys, laptop, "outbox", "export", str(seq), str(target))
    assert code == 0, err
    assert "stays in the outbox" in out
    return target.read_text(encoding="utf-8")


def test_a_pending_note_is_exported_saying_it_was_waiting_to_be_sent(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = exported(capsys, laptop, 1, tmp_path / "note.md")

    assert "- Not sent because: it was waiting to be sent\n" in text
    assert "Fuser swapped." in text and "- Time worked: 25 min" in text
    assert "- Written by: alice" in text and "note-files/1-bay 7.png" in text
    assert (tmp_path / "note-files" / "1-bay 7.png").read_bytes() == b"\x89PNG bay 7"
    assert "refused by the helpdesk" not in text


def test_a_note_refused_for_another_cause_says_what_the_helpdesk_said(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = exported(capsys, laptop, 2, tmp_path / "refused.md")

    assert "- Not sent because: Time Worked: not a number\n" in text
    assert "Parts used: RM2-5399." in text


def test_a_note_stopped_at_sign_in_says_so(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = exported(capsys, laptop, 3, tmp_path / "sign-in.md")

    assert f"- Not sent because: the sign-in failed: {TOKEN_REFUSED}\n" in text


def test_a_note_tried_without_success_names_its_last_try(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = exported(capsys, laptop, 4, tmp_path / "offline.md")

    assert (
        "- Not sent because: it was waiting to be sent "
        "(last try: cannot reach the helpdesk)\n" in text
    )


def test_a_note_sent_without_an_answer_says_it_may_already_be_on_the_ticket(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = open_database(Profile(laptop).database_path)
    row = outbox.get_row(db, 1)
    assert row is not None
    outbox.mark_in_flight(db, row)  # as a sending whose answer was lost leaves it
    db.close()

    text = exported(capsys, laptop, 1, tmp_path / "in-doubt.md")

    assert (
        "- Not sent because: it was sent but no answer came back, "
        "so it may already be on the ticket\n" in text
    )


def test_only_notes_are_exported_and_the_command_needs_a_note_or_a_folder(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, laptop, "outbox", "export", "5", str(tmp_path / "f.md"))
    assert code == 1 and "only a note can be exported" in err
    code, _, err = run(capsys, laptop, "outbox", "export", "1")
    assert code == 1 and "SEQ FILE" in err and "--all DIR" in err
    code, _, err = run(capsys, laptop, "outbox", "export", "1", "--all", str(tmp_path))
    assert code == 1 and "SEQ FILE" in err
    assert not list(tmp_path.glob("*.md"))


def test_every_unsent_note_goes_into_a_folder_one_file_each(
    laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "alice-notes"

    code, out, err = run(capsys, laptop, "outbox", "export", "--all", str(folder))

    assert code == 0, err
    assert f"4 of 4 unsent notes exported to {folder}" in out
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "note-7-1-files",
        "note-7-1.md",
        "note-7-2.md",
        "note-7-3.md",
        "note-7-4.md",
    ]
    assert "Not sent because: it was waiting to be sent" in (folder / "note-7-1.md").read_text()
    assert "Customer signed off." in (folder / "note-7-3.md").read_text()
    # The notes stay in the outbox; a second export does not overwrite the first.
    code, _, err = run(capsys, laptop, "outbox", "export", "--all", str(folder))
    assert code == 1 and "note-7-1.md exists" in err
    code, out, _ = run(capsys, laptop, "outbox")
    assert len(out.splitlines()) == 5
