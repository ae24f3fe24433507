"""A deleted attachments folder is filled again by the next sync, and the listing says so.

The files of today's and tomorrow's visits were "missing" only while their row named
no file: once downloaded, a file deleted by hand or by a cleaner was never fetched
again, and ``fielddesk files N`` still said it was on this laptop.  Whether a file is
there is now looked at on disk.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from sync import attachments, file_vault, outbox
from sync.attachments import downloads_for_upcoming_visits
from sync.profile import Profile
from sync.pullers.base import PullContext
from sync.pullers.files import FilesPuller
from sync.report import SyncReport
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.sync.test_store import remote_ticket

PLAN = b"%PDF-1.4 floor plan of ACME Dental, server room marked"


class PlanHelpdesk:
    def fetch_attachment(self, attachment_id: int, max_bytes: int) -> bytes:
        return PLAN


@pytest.fixture
def replica(profile: Profile) -> Iterator[sqlite_utils.Database]:
    """Today's visit #7 with the helpdesk's plan.pdf downloaded, and a photo not yet sent."""
    db = open_database(profile.database_path)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, visit_start=now))
        db["attachments"].insert(
            {"id": 70, "ticket_id": 7, "filename": "plan.pdf", "content_type": "application/pdf",
             "size": len(PLAN), "path": None},
            alter=False,
        )  # fmt: skip
    attachments.fetch_attachment(db, PlanHelpdesk(), profile.attachments_dir, 70)  # type: ignore[arg-type]
    photo = attachments.import_bytes(profile.attachments_dir, b"\xff\xd8 rear door", "door.jpg")
    outbox.add_note(db, 7, "Photo of the rear door.", author="alice", attachments=[photo])
    yield db
    db.close()


def test_a_deleted_file_is_missing_again_and_the_next_sync_brings_it_back(
    profile: Profile, replica: sqlite_utils.Database
) -> None:
    assert downloads_for_upcoming_visits(replica).wanted == []
    shutil.rmtree(profile.attachments_dir)  # by hand, or a disk cleaner
    assert downloads_for_upcoming_visits(replica).wanted == [70]

    report = SyncReport()
    context = PullContext(
        replica,
        PlanHelpdesk(),  # type: ignore[arg-type]
        report,
        lambda _p: None,
        attachments_dir=profile.attachments_dir,
        max_attachment_bytes=1024 * 1024,
    )
    FilesPuller().pull(context)
    assert report.files_fetched == 1
    [path] = replica.execute("SELECT path FROM attachments WHERE id = 70").fetchone()
    assert file_vault.read_plain(Path(path)) == PLAN
    assert downloads_for_upcoming_visits(replica).wanted == []


def test_the_files_listing_says_which_files_are_no_longer_on_this_laptop(
    profile: Profile, replica: sqlite_utils.Database, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile.root, "files", "7")
    assert code == 0
    assert f"plan.pdf  ({len(PLAN)} bytes, on this laptop)" in out
    assert "door.jpg  (12 bytes, not yet sent)" in out

    shutil.rmtree(profile.attachments_dir)

    code, out, _ = run(capsys, profile.root, "files", "7")
    assert code == 0
    assert f"plan.pdf  ({len(PLAN)} bytes, no longer on this laptop: downloads when saved)" in out
    assert "door.jpg  (12 bytes, not yet sent, and no longer on this laptop)" in out
    code, out, _ = run(capsys, profile.root, "files", "7", "--json")
    assert [f["where"] for f in json.loads(out)] == [
        "no longer on this laptop: downloads when saved",
        "not yet sent, and no longer on this laptop",
    ]
