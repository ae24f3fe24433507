"""A lost laptop leaks nothing from its replica; a lost key is said plainly and re-sync recovers."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.profile import Profile
from sync.profile_key import forget_key
from sync.session import Session
from tests.cli.runner import log_in, run

pytestmark = pytest.mark.rt

VISIT = "Front-desk printer jams on every second page"
CUSTOMER = "Julie Marsh"
PHONE = "+44 23 9200 1234"
KB_ARTICLE = "HP LaserJet: clearing a 13.B2 paper jam"
KB_SENTENCE = "No jam and no creasing means you are done."
NOTE = "Swapped the pickup roller; Julie will call if page 2 jams again."


@pytest.fixture
def signed_in(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    profile = tmp_path / "profile"
    log_in(capsys, monkeypatch, profile, rt, "alice")
    assert run(capsys, profile, "sync")[0] == 0
    return profile


def visit_id(capsys: pytest.CaptureFixture[str], profile: Path) -> int:
    code, out, _ = run(capsys, profile, "visits", "--json")
    assert code == 0
    return next(v["id"] for v in json.loads(out) if v["subject"] == VISIT)


def test_the_database_files_of_a_synced_profile_hold_no_customer_text_the_app_shows(
    signed_in: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = visit_id(capsys, signed_in)
    assert run(capsys, signed_in, "note", str(visit), NOTE)[0] == 0  # unsent: in the outbox
    # Copied while the app has it open, as a thief copies a running laptop's disk:
    # the -wal and -shm hold the newest pages.
    session = Session(Profile(signed_in))
    try:
        session.db.execute("SELECT count(*) FROM tickets").fetchone()
        copy = tmp_path / "stolen"
        shutil.copytree(signed_in, copy)
    finally:
        session.close()
    database_files = sorted(copy.glob("fielddesk.db*"))
    assert {f.name for f in database_files} >= {"fielddesk.db", "fielddesk.db-wal"}

    for secret in (CUSTOMER, PHONE, NOTE, KB_SENTENCE, VISIT, "Acme Dental"):
        for form in (secret.encode(), secret.encode("utf-16-le")):
            for file in database_files:
                assert form not in file.read_bytes(), f"{secret!r} readable in {file.name}"

    # ... while FieldDesk reads all of it.
    code, out, _ = run(capsys, signed_in, "show", str(visit))
    assert code == 0 and CUSTOMER in out and PHONE in out and NOTE in out
    code, out, _ = run(capsys, signed_in, "kb", "search", "clearing a 13.B2 paper jam")
    found = [line for line in out.splitlines() if KB_ARTICLE in line]
    assert code == 0 and found, out
    article = int(found[0].split()[0].strip("#:"))
    code, out, _ = run(capsys, signed_in, "kb", "show", str(article))
    assert code == 0 and KB_SENTENCE in " ".join(out.split())  # however the text wraps


def test_a_key_gone_from_the_keyring_is_said_plainly_and_signing_in_again_resyncs(
    rt: RunningRT,
    signed_in: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    visit = visit_id(capsys, signed_in)
    assert run(capsys, signed_in, "note", str(visit), NOTE)[0] == 0
    forget_key(signed_in)  # a keyring reset, a new OS account, a restored backup

    code, out, err = run(capsys, signed_in, "visits")
    assert code == 1 and out == ""
    assert err.startswith(
        "fielddesk: The key that unlocks this laptop's copy is gone from the keyring"
    )
    assert "Sign in again ('fielddesk login')" in err
    assert "changes made on this laptop and not yet sent are lost" in err
    assert "Traceback" not in err and "damaged" not in err.replace("not damaged", "")
    assert err.count("\n") == 1

    monkeypatch.setattr("sys.stdin", io.StringIO(rt.token("alice") + "\n"))
    code, out, err = run(
        capsys, signed_in, "login", "--url", rt.url, "--user", "alice", "--token-stdin"
    )
    assert code == 0, err
    assert "the unreadable copy was set aside in" in out
    assert len(list(signed_in.glob("locked-*/fielddesk.db"))) == 1

    code, out, err = run(capsys, signed_in, "sync")
    assert code == 0, err
    assert visit_id(capsys, signed_in) == visit  # the visits are back
    assert run(capsys, signed_in, "outbox")[1].strip() == "Nothing waiting to be sent."
