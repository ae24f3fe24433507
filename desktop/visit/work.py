"""The slow halves of visit actions, run on the panel's worker thread.

Plain functions of plain values (no Qt, no shared connections): each opens
what it needs in the worker's thread.  The file modules (their encryption, the outbox)
are imported by the functions, on the worker: the window is built without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sync.open_copies import process_copies
from sync.profile import Profile


def import_files(attachments_dir: Path, paths: list[Path], max_bytes: int) -> list[dict[str, Any]]:
    """Copy picked files into the profile, durably (fsynced) before a note names them.

    All or none: when one fails (the disk full at the third photo), those this call
    already stored are removed, as no note will name them."""
    from sync import attachments  # noqa: PLC0415 - see the module docstring

    stored: list[dict[str, Any]] = []
    try:
        for path in paths:
            stored.append(attachments.import_file(attachments_dir, path, max_bytes=max_bytes))
    except BaseException:
        discard_files(stored)
        raise
    return stored


def keep_made_files(attachments_dir: Path, files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Store files made here (signature PNG, report PDF), durably."""
    from sync import attachments  # noqa: PLC0415 - see the module docstring

    return [attachments.import_bytes(attachments_dir, data, name) for name, data in files]


def download(profile: Profile, attachment_id: int) -> Path:
    """Fetch one file from the helpdesk (its own connection and replica handle)."""
    # Runs on a worker thread; imported here so the first window never waits for HTTP.
    from sync import attachments  # noqa: PLC0415
    from sync.session import Session  # noqa: PLC0415

    session = Session(profile)
    try:
        return attachments.fetch_attachment(
            session.db, session.connector(), profile.attachments_dir, attachment_id
        )
    finally:
        session.close()


def _on_laptop(profile: Profile, attachment_id: int | None, source: Path | None) -> Path:
    """The stored (encrypted) file, downloaded first if it is not on the laptop yet."""
    if source is None or not source.exists():
        if attachment_id is None:
            raise FileNotFoundError(2, "the file is no longer on this laptop", str(source))
        source = download(profile, attachment_id)
    return source


def download_and_copy(
    profile: Profile, attachment_id: int | None, source: Path | None, target: Path
) -> Path:
    """Save a plaintext copy of a visit's file where the user chose (downloading it first
    if needed): the user picked the place."""
    from sync import file_vault  # noqa: PLC0415 - see the module docstring

    # A stored name carries none: a damaged file is said by the name the user just saved as.
    return file_vault.export_plain(
        _on_laptop(profile, attachment_id, source), target, name=target.name
    )


def copy_to_open(
    profile: Profile, attachment_id: int | None, source: Path | None, name: str
) -> Path:
    """A decrypted copy for another program to open, in this process's private folder
    (removed when FieldDesk exits); downloaded first if needed."""
    return process_copies().copy_of(_on_laptop(profile, attachment_id, source), name)


def discard_files(items: list[dict[str, Any]]) -> None:
    """Remove copies made for a note that was then not saved."""
    for item in items:
        Path(item["path"]).unlink(missing_ok=True)
