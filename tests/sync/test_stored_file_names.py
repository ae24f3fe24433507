"""Stored file names carry no customer text (lost-laptop review, s27).

Before, a checklist photo picked as "Julie Marsh - Acme Dental - alarm code 4321.png"
was stored as ``attachments/outgoing/<uuid>-Julie Marsh - Acme Dental - alarm code
4321.png``, and a download as ``attachments/<ticket>/<id>-<sender's name>``: a copied
profile folder showed the customer's name and alarm code to anyone who listed it.  Now
the stored names are a uuid or RT's id; the real name stays in the encrypted database,
and whatever shows the file (a viewer's copy, a message) still uses the real one.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync import attachments, file_vault, outbox
from sync.changes import note as note_change
from sync.file_vault import DownloadDropped
from sync.open_copies import OpenCopies
from sync.profile import Profile
from sync.replica import open_replica
from sync.retention import remove_unnamed_files
from sync.store import transaction
from tests.sync.test_retention_leftovers import OLD, visit

CUSTOMER_TEXT = ("Julie", "Marsh", "Acme", "Dental", "alarm", "4321", "gate", "code")
PICKED = "Julie Marsh - Acme Dental - alarm code 4321.png"
SENT = "Acme Dental gate code 4321.pdf"
PHOTO = b"\x89PNG the alarm panel"
SCAN = b"%PDF-1.4 the gate code sheet " * 50


class Helpdesk:
    """The connector's one call used here: the attachment's bytes."""

    def fetch_attachment(self, attachment_id: int, at_most: int) -> bytes:
        return SCAN


def names_under(root: Path) -> list[str]:
    """Every file and folder name a thief's ``find`` of the profile shows."""
    return [part for path in root.rglob("*") for part in path.relative_to(root).parts]


def customer_text_in(names: list[str]) -> list[str]:
    return [n for n in names if any(word.casefold() in n.casefold() for word in CUSTOMER_TEXT)]


def damage(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))


def test_a_copied_profile_folder_shows_no_file_names(profile: Profile, tmp_path: Path) -> None:
    source = tmp_path / PICKED
    source.write_bytes(PHOTO)
    db = open_replica(profile)
    try:
        picked = attachments.import_file(profile.attachments_dir, source)
        made = attachments.import_bytes(profile.attachments_dir, PHOTO, "Julie Marsh signature.png")
        with transaction(db):
            db.execute(
                "INSERT INTO attachments (id, ticket_id, filename, content_type, size)"
                " VALUES (42, 7, ?, 'application/pdf', ?)",
                [SENT, len(SCAN)],
            )
        downloaded = attachments.fetch_attachment(
            db,
            Helpdesk(),  # type: ignore[arg-type]
            profile.attachments_dir,
            42,
        )
    finally:
        db.close()

    assert customer_text_in(names_under(profile.root)) == []
    assert downloaded == profile.attachments_dir / "7" / "42"
    # The real names are the rows' (in the encrypted database), and the files read back.
    assert picked["filename"] == PICKED and made["filename"] == "Julie Marsh signature.png"
    assert picked["content_type"] == "image/png"
    assert file_vault.read_plain(Path(picked["path"])) == PHOTO
    assert file_vault.read_plain(downloaded) == SCAN

    # The program that opens it gets a copy under the real name (its extension is what runs).
    copies = OpenCopies(tmp_path / "copies")
    (tmp_path / "copies").mkdir()
    try:
        copy = copies.copy_of(Path(picked["path"]), picked["filename"])
        assert copy.name == PICKED and copy.read_bytes() == PHOTO
        assert copies.copy_of(downloaded, SENT).name == SENT
    finally:
        copies.remove()


def test_a_damaged_download_says_its_real_name_and_is_fetched_again(profile: Profile) -> None:
    db = open_replica(profile)
    try:
        with transaction(db):
            db.execute(
                "INSERT INTO attachments (id, ticket_id, filename, content_type, size)"
                " VALUES (43, 7, ?, 'application/pdf', ?)",
                [SENT, len(SCAN)],
            )
        helpdesk = Helpdesk()
        stored = attachments.fetch_attachment(db, helpdesk, profile.attachments_dir, 43)  # type: ignore[arg-type]
        damage(stored)

        with pytest.raises(DownloadDropped) as raised:
            file_vault.export_plain(stored, profile.root / "out.pdf", name=SENT)

        assert str(raised.value).startswith(f"{SENT}: this downloaded copy was damaged on disk")
        assert not attachments.on_this_laptop(str(stored))
        again = attachments.fetch_attachment(db, helpdesk, profile.attachments_dir, 43)  # type: ignore[arg-type]
        assert again == stored and file_vault.read_plain(again) == SCAN
    finally:
        db.close()


def test_a_discarded_photo_and_an_abandoned_write_still_go(
    profile: Profile, tmp_path: Path
) -> None:
    """Retention knows the new names: a photo no row names goes a day later, one a note
    still sends stays; an unfinished write of a run that died goes at the next start."""
    db = open_replica(profile)
    try:
        visit(db, 6, "open", OLD)
        discarded = attachments.import_bytes(profile.attachments_dir, PHOTO, PICKED)
        note_change.add_note(db, 6, "wrong visit", author="alice", attachments=[discarded])
        outbox.discard(db, outbox.rows(db)[0].seq)  # the note, not its files
        kept = attachments.import_bytes(profile.attachments_dir, PHOTO + b"2", PICKED)
        note_change.add_note(db, 6, "Alarm panel", author="alice", attachments=[kept])
        later = datetime.now(UTC) + timedelta(days=2)

        assert remove_unnamed_files(db, profile.attachments_dir, later) == 1
        assert not Path(discarded["path"]).exists() and Path(kept["path"]).exists()
    finally:
        db.close()

    abandoned = profile.attachments_dir / "7" / f"44.{'c' * 8}{file_vault.PARTIAL_SUFFIX}"
    abandoned.parent.mkdir(exist_ok=True)
    abandoned.write_bytes(b"half a download")
    hours_ago = time.time() - 2 * file_vault.ABANDONED_AFTER_S
    os.utime(abandoned, (hours_ago, hours_ago))
    file_vault.remove_abandoned_writes(profile.attachments_dir)
    assert not abandoned.exists()
