"""A profile's files on disk, encrypted with the profile's key (``sealed_files`` format).

Everything FieldDesk keeps under ``<profile>/attachments`` goes through here:
written sealed and durable (a temporary file, fsynced, renamed into place, so a
row never names a half-written file), read back decrypted.  A file without the
format's header is a plaintext file from an older FieldDesk: it is still read
as it is, until ``seal_legacy_files`` encrypts it in place.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sync import sealed_files
from sync.private_files import PRIVATE_DIR, open_private
from sync.profile_key import KeyMissing, create_key, load_key
from sync.sealed_files import BROKEN, HEADER_BYTES, SealBroken
from sync.store.database import StoreError
from sync.words import plural

log = logging.getLogger(__name__)

ATTACHMENTS_DIR = "attachments"
DATABASE_NAME = "fielddesk.db"
SQLITE_HEADER = b"SQLite format 3\x00"
# An unfinished write of this FieldDesk (no stored name ends so): removed at start.
# An older FieldDesk's "<name>.part" may be a file really named so: it is sealed instead.
PARTIAL_SUFFIX = ".fd-partial"
ABANDONED_AFTER_S = 3600  # a sealed partial file this old is no write under way
_creating_key = threading.Lock()


class FileUnreadable(StoreError):
    """A stored file that cannot be decrypted: changed on disk, or not this key's."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{_shown_name(path)}: {BROKEN}")
        self.path = path


def _shown_name(path: Path) -> str:
    """The name the technician knows: stored files are named '<uuid or id>-<name>'."""
    head, sep, rest = path.name.partition("-")
    return rest if sep and (head.isdigit() or len(head) == 32) else path.name


def profile_root_of(path: Path) -> Path:
    """The profile directory a stored file belongs to: stored files sit at
    ``<profile>/attachments/<ticket or "outgoing">/<name>``."""
    return Path(path).absolute().parents[2]


def files_key(profile_root: Path) -> bytes:
    """The key that seals the profile's files.

    The replica's encryption normally makes it first.  A profile that has none
    yet gets one here, but only while nothing on its disk was encrypted: had
    the keyring lost the key, a new one would hide that (KeyMissing instead).
    """
    key = load_key(profile_root)
    if key is not None:
        return key
    with _creating_key:
        key = load_key(profile_root)
        if key is not None:
            return key
        if _holds_encrypted_data(profile_root):
            raise KeyMissing(profile_root)
        return create_key(profile_root)


def _holds_encrypted_data(profile_root: Path) -> bool:
    database = profile_root / DATABASE_NAME
    if database.exists() and database.stat().st_size > 0:
        with database.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return True
    return any(
        _sealed(path)
        for path in _stored_files(profile_root / ATTACHMENTS_DIR)
        if not path.name.endswith(PARTIAL_SUFFIX)
    )


def _stored_files(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for directory, _subdirs, names in os.walk(folder):
        for name in names:
            yield Path(directory) / name


def _sealed(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return sealed_files.is_sealed(handle.read(HEADER_BYTES))
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles)."""
    if os.name == "nt":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextlib.contextmanager
def _durable_target(path: Path, *, durable: bool = True) -> Iterator[BinaryIO]:
    """A file written beside ``path``, fsynced (``durable``) and renamed onto it only if
    all went well."""
    # New folders and files are this user's only (0700/0600, whatever the umask); an
    # existing folder, such as one the user chose for an export, keeps its mode.
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(open_private(partial, flags), "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def store_stream(path: Path, source: BinaryIO) -> int:
    """Seal what ``source`` holds into ``path`` (under a profile), durably; the plain size."""
    key = files_key(profile_root_of(path))
    with _durable_target(path) as target:
        return sealed_files.seal(key, source, target)


def store_bytes(path: Path, data: bytes) -> int:
    """Seal ``data`` into ``path`` (under a profile), durably."""
    return store_stream(path, io.BytesIO(data))


def store_copy(path: Path, source: Path) -> int:
    """Seal a copy of the file at ``source`` (a photo the technician picked) into ``path``."""
    with source.open("rb") as handle:
        return store_stream(path, handle)


def plain_chunks(path: Path) -> Iterator[bytes]:
    """A stored file's content, piece by piece (a plaintext legacy file as it is)."""
    with path.open("rb") as handle:
        first = handle.read(HEADER_BYTES)
        if not sealed_files.is_sealed(first):
            yield first
            while piece := handle.read(sealed_files.CHUNK_BYTES):
                yield piece
            return
        key = files_key(profile_root_of(path))
        handle.seek(0)
        try:
            yield from sealed_files.unseal(key, handle)
        except SealBroken:
            raise FileUnreadable(path) from None


def read_plain(path: Path) -> bytes:
    """A stored file's whole content (to send it: the helpdesk wants the bytes), held in
    memory once: BytesIO hands over its own buffer, where a join would copy the pieces."""
    content = io.BytesIO()
    for piece in plain_chunks(path):
        content.write(piece)
    return content.getvalue()


def export_plain(path: Path, target: Path, *, durable: bool = True) -> Path:
    """A decrypted copy of a stored file at ``target`` (the user's choice), durably
    unless it is a throw-away copy for a viewer (a 100 MB fsync costs seconds).

    Nothing is left at ``target`` if the file turns out to be unreadable.
    """
    with _durable_target(target, durable=durable) as handle:
        for piece in plain_chunks(path):
            handle.write(piece)
    return target


def plain_size(path: Path) -> int:
    """The size of a stored file's content, without decrypting it."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(HEADER_BYTES)
    if not sealed_files.is_sealed(header) or len(header) < HEADER_BYTES:
        return size
    return sealed_files.plain_size(size, sealed_files.chunk_bytes_of(header))


def _remove_if_abandoned(partial: Path) -> None:
    """Remove an unfinished write (sealed: it holds nothing readable), unless it is
    recent enough to be another thread's, under way."""
    try:
        if time.time() - partial.stat().st_mtime < ABANDONED_AFTER_S:
            return
        partial.unlink(missing_ok=True)
    except OSError as error:
        log.warning("an unfinished file could not be removed: %s", error.strerror)


@dataclass(frozen=True)
class Sealing:
    """What one pass of ``seal_legacy_files`` did."""

    sealed: int  # plaintext files encrypted in place
    left_plain: int  # plaintext files that could not be yet (in use, disk full)


def remove_abandoned_writes(attachments_dir: Path) -> None:
    """Remove the unfinished writes an earlier run left (no row names them): names only,
    no stored file is opened."""
    for path in _stored_files(attachments_dir):
        if path.name.endswith(PARTIAL_SUFFIX):
            _remove_if_abandoned(path)


def seal_legacy_files(attachments_dir: Path) -> Sealing:
    """Encrypt in place the plaintext files an older FieldDesk left.

    Crash-safe: each is sealed into a temporary file beside it, fsynced, then
    renamed over it, so at every moment the file is either the old plaintext
    (still readable) or the sealed one.  Unfinished writes of an earlier run
    are removed (no row names them).
    """
    folder, profile_root = attachments_dir, attachments_dir.parent
    sealed = left_plain = 0
    key: bytes | None = None
    for path in list(_stored_files(folder)):
        if path.name.endswith(PARTIAL_SUFFIX):
            _remove_if_abandoned(path)
            continue
        if _sealed(path):
            continue
        key = key or files_key(profile_root)
        try:
            with path.open("rb") as source, _durable_target(path) as target:
                sealed_files.seal(key, source, target)
        except OSError as error:  # in use (Windows), vanished: the next start tries again
            log.warning("a stored file could not be encrypted yet: %s", error.strerror)
            left_plain += 1
            continue
        sealed += 1
    if sealed:
        files = plural(sealed, "file", "files")
        log.info("encrypted %s an older FieldDesk had stored in plain", files)
    return Sealing(sealed, left_plain)
