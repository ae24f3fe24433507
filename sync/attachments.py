"""Attachment files on disk: files the technician adds, and files fetched from RT.

Files live under the profile's ``attachments/`` directory, encrypted with
the profile's key (``sync.file_vault``), written and fsynced before any
database row points at them, so a row never names a half-written file.
"""

from __future__ import annotations

import mimetypes
import unicodedata
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from sync import file_vault
from sync.change_limits import DEFAULT_MAX_BYTES
from sync.connectors.base import Connector, NewAttachment
from sync.downloaded_files import safe_base_name, shortened
from sync.errors import NotFoundError
from sync.local_days import local_days
from sync.photo_privacy import without_private_metadata
from sync.private_files import private_new_dirs
from sync.store import transaction
from sync.store.outbox import now_iso

if TYPE_CHECKING:
    import sqlite_utils

HARD_MAX_BYTES = 2 * 1024**3  # no single download brings more, whatever is listed


class AttachmentTooLarge(ValueError):
    """A file over the size cap: refused with its size, never silently truncated."""


class EmptyAttachment(ValueError):
    """A file of 0 bytes: RT refuses a whole note that carries one ("FileContent is a
    required field"), so it is refused when it is added, named."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is empty (0 bytes), not added")


def without_empty_files(
    files: tuple[NewAttachment, ...],
) -> tuple[tuple[NewAttachment, ...], str | None]:
    """The files a change can send, and what to tell of the empty ones left out (None:
    none): a note queued by an older build with an empty file goes out with its text,
    time and other files, rather than being refused whole by RT."""
    empty = [f.filename for f in files if not f.data]
    if not empty:
        return files, None
    kept = tuple(f for f in files if f.data)
    return kept, f"sent without {', '.join(empty)}: empty (0 bytes), which the helpdesk refuses"


# ext4 and APFS take 255 bytes a name: room left for the "12-" an export puts before
# it and the ".1a2b3c4d.fd-partial" it is first written under (file_vault.durable_target).
_NAME_MAX_BYTES = 200


def _safe_name(name: str) -> str:
    """The name a file is sent to RT under: as the technician named it, in any script
    (accents, marks, emoji, "(März) #3"), only what no folder can take left out
    (``safe_base_name``: no path, device, control or invisible character, no leading
    dot); cut keeping the real extension, as a long "….exe.pdf" sent as "….exe" runs."""
    # One form of "é" (macOS gives file names decomposed), and the odd spaces
    # (U+202F in a macOS screenshot's "10.15.03 AM") as the space anyone can type.
    composed = unicodedata.normalize("NFC", name)
    return safe_base_name("".join(_plain_character(c) for c in composed))


def _plain_character(character: str) -> str:
    category = unicodedata.category(character)
    if category in ("Zs", "Zl", "Zp"):
        return " "
    # A byte that was not UTF-8 in a Linux file name: neither RT nor the database take it.
    return "_" if category == "Cs" else character


def safe_file_name(name: str) -> str:
    """A file name safe to create in any folder (no path, no odd characters), short
    enough in bytes for the disk: 120 letters of Chinese or emoji are 360 to 480."""
    safe = _safe_name(name)
    limit = len(safe)
    while len(safe.encode("utf-8")) > _NAME_MAX_BYTES:
        limit -= 1
        safe = shortened(safe, limit)
    return safe


def write_durably(path: Path, data: bytes) -> None:
    """Write a plaintext file (an export to where the user chose), fsynced, readable by
    this user only, as are the folders made for it; a folder already there keeps its mode.

    Written as the profile's files are: under a new name of its own, never through a link
    waiting beside ``path``, removed if the write fails."""
    private_new_dirs(path.parent)
    with file_vault.durable_target(path) as handle:
        handle.write(data)


def _made_here_path(attachments_dir: Path) -> Path:
    """Where a file made or picked here is stored: named by a new uuid only.  Its real
    name ("Julie Marsh - alarm code.png") is the row's ``filename``, in the encrypted
    database: a copied profile folder shows no customer text, file names included."""
    return attachments_dir / file_vault.MADE_HERE_DIR / uuid.uuid4().hex


def downloaded_path(attachments_dir: Path, ticket_id: int, attachment_id: int) -> Path:
    """Where a download is stored: named by its visit and RT's attachment id only (the
    sender's file name stays in the database, as for a file made here).  No extension:
    nothing opens a stored file by its name, a viewer gets a copy under the real one."""
    return attachments_dir / str(ticket_id) / str(attachment_id)


def import_file(
    attachments_dir: Path,
    source: Path,
    *,
    filename: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> dict[str, Any]:
    """Copy a file the technician picked (photo, signature, report) into the profile.

    Returns the attachment description ``outbox.add_note`` takes.
    """
    try:
        size = source.stat().st_size
    except OSError as error:
        raise ValueError(f"cannot read {source}: {error.strerror}") from None
    if size == 0:
        raise EmptyAttachment(source.name)
    if size > max_bytes:
        raise AttachmentTooLarge(
            f"{source.name} is {size / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB"
        )
    name = _safe_name(filename or source.name)
    target = _made_here_path(attachments_dir)
    with source.open("rb") as handle:  # streamed: a big file is never read whole
        # A photo's GPS position, serial numbers and owner never leave the laptop.
        size = file_vault.store_stream(target, without_private_metadata(handle))
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return {"path": str(target), "filename": name, "content_type": content_type, "size": size}


def import_bytes(
    attachments_dir: Path, data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> dict[str, Any]:
    """Keep a file made here (a signature, a service report) like an imported one."""
    if not data:
        raise EmptyAttachment(filename)
    if len(data) > max_bytes:
        raise AttachmentTooLarge(
            f"{filename} is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{max_bytes / 1_048_576:.0f} MB"
        )
    name = _safe_name(filename)
    target = _made_here_path(attachments_dir)
    file_vault.store_bytes(target, data)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return {"path": str(target), "filename": name, "content_type": content_type, "size": len(data)}


def expected_at_most(listed_size: int | None) -> int:
    """How many bytes a download may bring: what the helpdesk listed, with a little slack
    (its sizes of text parts are approximate), never more than HARD_MAX_BYTES."""
    if not listed_size or listed_size <= 0:
        return HARD_MAX_BYTES
    return min(HARD_MAX_BYTES, listed_size + listed_size // 10 + 4096)


def fetch_attachment(
    db: sqlite_utils.Database, connector: Connector, attachments_dir: Path, attachment_id: int
) -> Path:
    """Download one attachment (on demand) and remember where it is."""
    row = db.execute(
        "SELECT ticket_id, filename, path, size FROM attachments WHERE id = ?", [attachment_id]
    ).fetchone()
    if row is None:
        raise LookupError(f"no attachment {attachment_id} on this laptop")
    if on_this_laptop(row[2]):
        return Path(row[2])
    try:
        data = connector.fetch_attachment(attachment_id, expected_at_most(row[3]))
    except NotFoundError as error:
        # Not the helpdesk's last word for ever (the visit may come back): the
        # sync does not ask ahead again until the visit comes down changed.
        with transaction(db):
            db.execute(
                "UPDATE attachments SET refused = ? WHERE id = ?", [now_iso(), attachment_id]
            )
        raise NotFoundError(
            f"the helpdesk no longer lets you open {row[1]} (HTTP {error.status}): "
            "the visit may have been given to someone else, or the message it came "
            "with is hidden from you",
            status=error.status,
        ) from None
    target = downloaded_path(attachments_dir, row[0], attachment_id)
    file_vault.store_bytes(target, data)
    with transaction(db):
        db.execute(
            "UPDATE attachments SET path = ?, refused = NULL WHERE id = ?",
            [str(target), attachment_id],
        )
    return target


def on_this_laptop(path: str | None) -> bool:
    """Whether a row's stored file is really on disk: a folder deleted by hand, or by a
    cleaner, leaves rows naming files that are gone."""
    return Path(path).is_file() if path else False


class VisitBudget(NamedTuple):
    """How much of one visit's files a sync brings by itself; the rest waits for the
    technician (opened from the visit, or "Ready for the road").  A mail loop that
    left 3 000 logos on a visit would otherwise be 3 000 downloads in every sync."""

    files: int
    size: int

    def admits(self, used: VisitBudget, size: int) -> bool:
        """Whether one more file of ``size`` fits after ``used`` (a visit's newest always does)."""
        return used.files == 0 or (used.files < self.files and used.size + size <= self.size)


NOTHING_YET = VisitBudget(0, 0)
SYNC_VISIT_BUDGET = VisitBudget(files=50, size=200 * 1024 * 1024)


class Downloads(NamedTuple):
    wanted: list[int]  # attachment ids, each visit's newest first
    held_back: int  # files left on the helpdesk by the budget


def downloads_for_upcoming_visits(
    db: sqlite_utils.Database,
    *,
    days: int = 2,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: VisitBudget | None = None,
    now: datetime | None = None,
) -> Downloads:
    """Attachments of today's and tomorrow's visits not on disk (within the cap): not
    downloaded yet, or downloaded and gone since; leaving out visits given away and
    files the helpdesk refused.  With a ``budget``, each visit's first message's files
    (the request's photos, usually: in a mail loop the oldest) and then its newest, up
    to the budget, counting those already on the laptop.

    The days are the laptop's, as the Ready view counts them: in New York at 20:00 a
    visit at 15:00 is today's, though Greenwich is already on the next day."""
    start, end = local_days(now, days)
    rows = db.execute(
        "SELECT a.id, a.ticket_id, a.size, a.path FROM attachments a"
        " JOIN tickets t ON t.id = a.ticket_id"
        " WHERE a.id IS NOT NULL AND a.refused IS NULL AND a.size <= ?"
        " AND t.gone IS NULL AND t.visit_start >= ? AND t.visit_start < ?"
        " ORDER BY t.visit_start, t.id, a.transaction_id = (SELECT MIN(b.transaction_id)"
        " FROM attachments b WHERE b.ticket_id = a.ticket_id) DESC, a.id DESC",
        [max_bytes, start, end],
    ).fetchall()
    wanted: list[int] = []
    held_back = 0
    used: dict[int, VisitBudget] = {}
    for attachment_id, ticket_id, size, path in rows:
        so_far = used.get(ticket_id, NOTHING_YET)
        on_disk = on_this_laptop(path)
        if budget is not None and not budget.admits(so_far, size or 0):
            if not on_disk:
                held_back += 1
            continue
        used[ticket_id] = VisitBudget(so_far.files + 1, so_far.size + (size or 0))
        if not on_disk:
            wanted.append(attachment_id)
    return Downloads(wanted, held_back)
