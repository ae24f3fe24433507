"""`fielddesk` on a damaged, emptied, full or half-deleted replica: plain words, never a traceback.

Issue 13, items 4-7.  The helpdesk is not needed (nor reached) here; the salvage
followed by a real sync is in tests/integration/test_replica_salvage.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli import __main__ as cli
from sync.profile import Profile
from sync.profile_key import require_key
from sync.store.cipher import PAGE_FORMAT
from sync.store.health import DISK_FULL
from tests.keyring_double import copy_key
from tests.replica_faults import corrupt_table, fill, sign_in_offline
from tests.small_disk import fill_up, small_disk

NOT_A_BUG = "Traceback"


def run(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--profile", str(profile), *args])
    out, err = capsys.readouterr()
    assert NOT_A_BUG not in err
    return code, out, err


@pytest.fixture
def filled(profile: Profile) -> Profile:
    fill(sign_in_offline(profile))
    return profile


def visit_ids(capsys: pytest.CaptureFixture[str], profile: Path) -> list[str]:
    code, out, _ = run(capsys, profile, "visits")
    assert code == 0
    return [line.split()[0].lstrip("#") for line in out.splitlines() if line.strip()]


def test_a_corrupt_page_is_reported_and_the_replica_salvaged(
    filled: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    root = filled.root
    visit = visit_ids(capsys, root)[40]
    corrupt_table(filled.database_path, "history", every=1)

    code, _, err = run(capsys, root, "show", visit)

    assert code == 1
    assert err.startswith("fielddesk: the local database") and "is damaged" in err
    assert "FieldDesk repaired it: 4 unsent changes recovered" in err
    assert "the next sync sends the unsent changes" in err.lower()
    code, out, _ = run(capsys, root, "outbox")
    assert code == 0 and out.count("Replaced the fuser") == 3 and "sending" in out
    assert len(list(root.glob("damaged-*/fielddesk.db"))) == 1


def test_an_emptied_replica_of_a_signed_in_profile_is_said_not_taken_for_new(
    filled: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    filled.database_path.write_bytes(b"")

    code, _, err = run(capsys, filled.root, "outbox")

    assert code == 1
    assert "is empty (0 bytes) although alice was signed in on this profile" in err
    assert "no unsent changes were found" in err
    assert run(capsys, filled.root, "outbox")[0] == 0  # a fresh replica for the next sync


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 24 MB file system (tmpfs), to be filled up by the test."""
    with small_disk(tmp_path / "disk", "24m") as mount:
        yield mount


def test_a_full_disk_still_reads_and_a_write_says_the_disk_is_full(
    filled: Profile, full_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = full_disk / "profile"
    shutil.copytree(filled.root, root)
    copy_key(filled.root, root)
    filler = fill_up(full_disk)

    assert len(visit_ids(capsys, root)) == 300
    code, before, _ = run(capsys, root, "outbox")
    assert code == 0 and before.count("Replaced the fuser") == 3
    visit = re.findall(r"#(\d+): note", before)[0]
    code, out, _ = run(capsys, root, "show", visit)
    assert code == 0 and "Replaced the fuser, pass" in out

    code, _, err = run(capsys, root, "note", visit, "Written on a full disk. " * 2000)
    assert code == 1
    assert err.strip() == f"fielddesk: {DISK_FULL}"
    assert DISK_FULL == "the disk is full — nothing was lost, free some space and try again"
    assert run(capsys, root, "outbox")[1] == before

    filler.unlink()
    assert run(capsys, root, "note", visit, "Space again.")[0] == 0
    assert "Space again." in run(capsys, root, "outbox")[1]


WRITER = textwrap.dedent(
    r"""
    import sys
    from sqlcipher3 import dbapi2 as sqlite3
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA key = \"x'" + sys.argv[2] + "'\"")  # the profile's key
    conn.execute("PRAGMA cipher_page_size = " + sys.argv[3])  # as sync.store.cipher does
    conn.execute("PRAGMA cipher_hmac_algorithm = " + sys.argv[4])
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in range(200):
        conn.execute("UPDATE tickets SET subject = subject || '.' WHERE rowid = ?", [i + 1])
    conn.execute(
        "INSERT INTO outbox (uuid, ticket_ref, kind, payload, base, created, updated)"
        " VALUES ('written-mid-sync', NULL, 'note', ?, '{}', 't', 't')",
        ['{"content": "mid-sync"}'],
    )
    print("written", flush=True)
    sys.stdin.readline()  # the sync goes on until the test says
    conn.close()
    """
)


def test_a_journal_deleted_mid_sync_is_explained_and_nothing_is_lost(
    filled: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    root, path = filled.root, filled.database_path
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER,
            str(path),
            require_key(filled.root).hex(),
            *map(str, PAGE_FORMAT),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
        path.with_name(path.name + "-wal").unlink()  # a cleaner, a user, an antivirus

        for command in (["visits"], ["outbox"], ["note", "5011", "hello"]):
            code, _, err = run(capsys, root, *command)
            assert code == 1
            assert "could not be read" in err
            assert "its journal file (fielddesk.db-wal) may have been removed" in err
    finally:
        assert writer.stdin is not None
        writer.communicate("\n", timeout=30)
        assert writer.returncode == 0

    # The sync's own connection still held the journal and wrote it back on closing.
    code, out, _ = run(capsys, root, "outbox")
    assert code == 0 and out.count("Replaced the fuser") == 3 and "mid-sync" in out
    assert not list(root.glob("damaged-*"))  # nothing was damaged: nothing set aside


@pytest.mark.usefixtures("os_keyring")  # the child finds the replica's key (tests/cli/conftest.py)
def test_a_salvage_met_by_a_listing_is_logged_to_the_profile(filled: Profile) -> None:
    # `fielddesk visits` sets its logging up only when a line is written
    # (sync.logging_later): the salvage's line still reaches the log file.  The terminal
    # gets the command's one line, which says it all (log lines stay in the file).
    corrupt_table(filled.database_path, "tickets", every=1)
    done = subprocess.run(
        [sys.executable, "-m", "cli", "--profile", str(filled.root), "visits"],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("fielddesk: ") and "FieldDesk repaired it" in line
    assert (
        "WARNING sync.replica: replica salvaged: " in (filled.log_dir / "fielddesk.log").read_text()
    )
