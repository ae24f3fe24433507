"""``fielddesk files`` and ``fielddesk file save``: the laptop keeps a visit's files
encrypted; the command line lists them and writes a readable copy where asked."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.connectors.base import NewAttachment, NoteRequest
from sync.profile import Profile
from tests.cli.runner import run
from tests.integration.dispatch_helpers import copy_profile, synced_template
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt

PC_VISIT = "New starter laptop setup, BitLocker recovery prompt"
DATABASE_FILES = {"fielddesk.db", "fielddesk.db-wal", "fielddesk.db-shm"}


@pytest.fixture(scope="module")
def template(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return synced_template(rt, "alice", tmp_path_factory.mktemp("cli-files"))


@pytest.fixture
def laptop(template: Profile, rt: RunningRT, tmp_path: Path) -> Path:
    return copy_profile(template, tmp_path / "laptop", rt, "alice").root


def test_a_file_is_saved_readable_where_asked_and_stays_encrypted_here(
    rt: RunningRT, laptop: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, laptop, "visits", "--json")
    ticket = next(v["id"] for v in json.loads(out) if v["subject"] == PC_VISIT)
    secret = f"BitLocker recovery key {uuid.uuid4().int % 10**12:012d} for the new starter"
    connector(rt, "supervisor").add_note(
        NoteRequest(
            ticket,
            str(uuid.uuid4()),
            "Recovery key attached.",
            attachments=(NewAttachment("recovery.txt", "text/plain", secret.encode()),),
        )
    )
    assert run(capsys, laptop, "sync")[0] == 0
    code, out, _ = run(capsys, laptop, "files", str(ticket))
    assert code == 0 and "recovery.txt" in out
    code, out, _ = run(capsys, laptop, "files", str(ticket), "--json")
    [listed] = [f for f in json.loads(out) if f["filename"] == "recovery.txt"]

    folder = tmp_path / "Downloads"
    folder.mkdir()
    code, out, _ = run(capsys, laptop, "file", "save", str(listed["key"]), str(folder))
    assert code == 0 and out.strip() == f"Saved recovery.txt to {folder / 'recovery.txt'}"
    assert (folder / "recovery.txt").read_text() == secret
    for path in laptop.rglob("*"):
        if path.is_file() and path.name not in DATABASE_FILES:
            assert secret.encode() not in path.read_bytes(), path
    code, _, err = run(capsys, laptop, "file", "save", str(listed["key"]), str(folder))
    assert code == 1 and "exists; add --force" in err

    # The laptop's copy changed on disk: one line, nothing written.
    code, out, _ = run(capsys, laptop, "files", str(ticket), "--json")
    [listed] = [f for f in json.loads(out) if f["filename"] == "recovery.txt"]
    stored = Path(listed["path"])
    blob = stored.read_bytes()
    stored.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0x01]))
    target = tmp_path / "again.txt"
    code, _, err = run(capsys, laptop, "file", "save", str(listed["key"]), str(target))
    assert code == 1 and err.startswith(
        "fielddesk: recovery.txt: this downloaded copy was damaged on disk and has been "
        "removed; it will be downloaded again at the next sync"
    )
    assert not target.exists() and not list(tmp_path.glob("again.txt*"))
    # Saved again while online: downloaded afresh (finding 8: it was stuck for ever).
    assert run(capsys, laptop, "file", "save", str(listed["key"]), str(target))[0] == 0
    assert target.read_text() == secret
