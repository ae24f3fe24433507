"""A downloaded file that fails its check is removed and downloaded again (finding 8).

Before, ``file save`` said "this file was changed on disk or the key is wrong" for
ever: the row still named the damaged copy, so neither the sync nor opening it
fetched it again.  A file made on this laptop is kept: nowhere else has it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import attachments, file_vault
from sync.file_vault import DownloadDropped, FileUnreadable
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import transaction

SCAN = b"%PDF-1.4 the signed service report " * 100


def damage(path: Path) -> None:
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))


class Helpdesk:
    """The connector's one call used here: the attachment's bytes."""

    def __init__(self) -> None:
        self.fetched: list[int] = []

    def fetch_attachment(self, attachment_id: int, at_most: int) -> bytes:
        self.fetched.append(attachment_id)
        return SCAN


def test_a_damaged_download_is_removed_and_fetched_again(profile: Profile) -> None:
    helpdesk = Helpdesk()
    db = open_replica(profile)
    try:
        with transaction(db):
            db.execute(
                "INSERT INTO attachments (id, ticket_id, filename, content_type, size)"
                " VALUES (42, 7, 'scan-0042.pdf', 'application/pdf', ?)",
                [len(SCAN)],
            )
        stored = attachments.fetch_attachment(db, helpdesk, profile.attachments_dir, 42)  # type: ignore[arg-type]
        damage(stored)

        with pytest.raises(DownloadDropped) as raised:
            file_vault.export_plain(stored, profile.root / "out.pdf", name="scan-0042.pdf")

        assert str(raised.value) == (
            "scan-0042.pdf: this downloaded copy was damaged on disk and has been removed; "
            "it will be downloaded again at the next sync (for today's and tomorrow's "
            "visits), and opening it while online fetches it again now"
        )
        assert not stored.exists() and not attachments.on_this_laptop(str(stored))
        again = attachments.fetch_attachment(db, helpdesk, profile.attachments_dir, 42)  # type: ignore[arg-type]
        assert helpdesk.fetched == [42, 42] and file_vault.read_plain(again) == SCAN
    finally:
        db.close()


def test_a_damaged_file_made_here_is_kept_and_said_damaged(profile: Profile) -> None:
    item = attachments.import_bytes(profile.attachments_dir, SCAN, "site-photo.jpg")
    stored = Path(item["path"])
    damage(stored)
    damaged = stored.read_bytes()

    with pytest.raises(FileUnreadable) as raised:
        file_vault.read_plain(stored, name=item["filename"])  # a stored name carries none

    assert not isinstance(raised.value, DownloadDropped)
    assert str(raised.value) == "site-photo.jpg: this file was changed on disk or the key is wrong"
    assert stored.read_bytes() == damaged  # nowhere else has it: never dropped
