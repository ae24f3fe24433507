"""A profile's files on disk, encrypted with the profile's key (``sealed_files`` format).

Everything FieldDesk keeps under ``<profile>/attachments`` goes through here:
written sealed and durable (a temporary file, fsynced, renamed into place, so a
row never names a half-written file), read back decrypted.  A file without the
format's header is a plaintext file from an older FieldDesk: it is still read
as it is, until ``seal_legacy_files`` encrypts it in place.

No link is followed there.  A link planted as ``attachments`` (or as a visit's
folder in it) would have FieldDesk encrypt, write or read the files of the folder
it points to -- ``~/.ssh`` say -- instead of its own: such a link is refused with
``LinkRefused``, passed over while the folder is looked through, and only the
names FieldDesk writes itself are ever sealed.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import os
import re
import stat
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
from sync.store.database import DiskFull, StoreError
from sync.words import plural

log = logging.getLogger(__name__)

ATTACHMENTS_DIR = "attachments"
DATABASE_NAME = "fielddesk.db"
SQLITE_HEADER = b"SQLite format 3\x00"
# An unfinished write of this FieldDesk (no stored name ends so): removed at start.
# An older FieldDesk's "<name>.part" may be a file really named so: it is sealed instead.
PARTIAL_SUFFIX = ".fd-partial"
# The names FieldDesk gives what it stores (``sync.attachments``): a download at
# "<ticket>/<attachment id>", a file made or picked here at "outgoing/<uuid hex>" -- no
# customer text in a name.  An older FieldDesk added "-<real name>": those keep it.
MADE_HERE_DIR = "outgoing"
_DOWNLOAD_FOLDER = re.compile(r"[0-9]+\Z")
# Its own name, an older one's "<id>-<name>", or its unfinished write ("<id>.<hex>.fd-partial").
_OURS_AFTER_ID = rf"(?:-.|(?:\.[0-9a-f]{{8}}{re.escape(PARTIAL_SUFFIX)})?\Z)"
_DOWNLOAD_NAME = re.compile(rf"[0-9]+{_OURS_AFTER_ID}")
_MADE_HERE_NAME = re.compile(rf"[0-9a-f]{{32}}{_OURS_AFTER_ID}")
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX; Windows makes no links of this kind
ABANDONED_AFTER_S = 3600  # a sealed partial file this old is no write under way
_creating_key = threading.Lock()


class FileUnreadable(StoreError):
    """A stored file that cannot be decrypted: changed on disk, or not this key's."""

    def __init__(self, path: Path, name: str | None = None) -> None:
        super().__init__(f"{_shown_name(path, name)}: {BROKEN}")
        self.path = path


class DownloadDropped(FileUnreadable):
    """A downloaded file that failed its check, removed: the helpdesk has it, and a file
    not on the laptop is downloaded again (``sync.attachments``)."""

    def __init__(self, path: Path, name: str | None = None) -> None:
        StoreError.__init__(
            self,
            f"{_shown_name(path, name)}: this downloaded copy was damaged on disk and has been "
            "removed; it will be downloaded again at the next sync (for today's and "
            "tomorrow's visits), and opening it while online fetches it again now",
        )
        self.path = path


class LinkRefused(FileUnreadable):
    """A link where FieldDesk keeps its files: nothing is read or written through it.

    A ``FileUnreadable``: a change whose stored file is now behind a link stays in the
    outbox saying why (``sync.changes.note``)."""

    def __init__(self, path: Path) -> None:
        StoreError.__init__(
            self,
            f"{path} is a link{_to_where(path)}: FieldDesk keeps a visit's files only in "
            "folders of its own and reads or writes nothing through a link. Remove the "
            "link (what it points to stays as it is) and try again",
        )
        self.path = path


def _to_where(link: Path) -> str:
    try:
        return f" to {os.readlink(link)}"
    except OSError:
        return ""


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(path.lstat().st_mode)
    except OSError:  # not there (yet): nothing to follow
        return False


def _refused(path: Path) -> LinkRefused:
    log.warning("a link in the profile's files was refused: nothing went through it")
    return LinkRefused(path)


def _shown_name(path: Path, name: str | None) -> str:
    """The name the technician knows: the caller's (the database's ``filename``), else
    the one an older FieldDesk put in a stored name ('<uuid or id>-<name>')."""
    if name:
        return name
    head, sep, rest = path.name.partition("-")
    return rest if sep and (head.isdigit() or len(head) == 32) else "a stored file"


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
    """The files FieldDesk stored in its attachments folder (and its unfinished writes):
    only the names it gives them, and never through a link (a linked folder or file is
    passed over, said in the log; a linked ``folder`` yields nothing)."""
    passed_over = 0
    for sub in _entries(folder):
        if sub.is_symlink():
            passed_over += 1
            continue
        if sub.name == MADE_HERE_DIR:
            named = _MADE_HERE_NAME
        elif _DOWNLOAD_FOLDER.match(sub.name):
            named = _DOWNLOAD_NAME
        else:
            continue  # not a folder FieldDesk makes: not its files
        if not sub.is_dir(follow_symlinks=False):
            continue
        for entry in _entries(Path(sub.path)):
            if entry.is_symlink():
                passed_over += 1
            elif named.match(entry.name) and entry.is_file(follow_symlinks=False):
                yield Path(entry.path)
    if passed_over:
        log.warning("%s in the profile's files passed over", plural(passed_over, "link", "links"))


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    """What a real folder holds (none for a link, or a folder not there)."""
    if _is_link(folder):
        return []
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _sealed(path: Path) -> bool:
    try:
        with _open_stored(path) as handle:
            return sealed_files.is_sealed(handle.read(HEADER_BYTES))
    except (OSError, LinkRefused):
        return False


def _open_stored(path: Path) -> BinaryIO:
    """A stored file opened to read, reached through no link (``LinkRefused``): its
    folders are looked at, and the file itself is opened without following one."""
    folder = Path(path).absolute().parent
    for level in (folder.parent, folder):  # <attachments>/<ticket or outgoing>
        if _is_link(level):
            raise _refused(level)
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | _NO_FOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP and _is_link(path):
            raise _refused(path) from None
        raise
    return os.fdopen(descriptor, "rb")


def _own_folder(folder: Path, attachments_dir: Path) -> None:
    """Make ``folder`` (the attachments folder, or one in it) and what is missing above it
    down from the profile, never through a link (``LinkRefused``): a folder that exists
    must be a real one."""
    attachments_dir.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    levels = [attachments_dir]
    for part in folder.relative_to(attachments_dir).parts:
        levels.append(levels[-1] / part)
    for level in levels:
        try:
            level.mkdir(mode=PRIVATE_DIR)  # 0700 whatever the umask (it only takes away)
            continue
        except FileExistsError:
            pass
        info = level.lstat()
        if stat.S_ISLNK(info.st_mode):
            raise _refused(level)
        if not stat.S_ISDIR(info.st_mode):
            raise StoreError(f"{level} is a file where FieldDesk keeps a folder of files")


def _files_folder_of(path: Path) -> Path:
    """The attachments folder a stored file goes under: ``<it>/<ticket or outgoing>/<name>``
    (``profile_root_of``)."""
    return Path(path).absolute().parents[1]


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
def durable_target(
    path: Path, *, durable: bool = True, files_dir: Path | None = None
) -> Iterator[BinaryIO]:
    """A file written beside ``path``, fsynced (``durable``) and renamed onto it only if
    all went well.  Under the profile's ``files_dir`` no link is followed (``LinkRefused``);
    a full disk is ``DiskFull``, with nothing left behind."""
    try:
        # New folders and files are this user's only (0700/0600, whatever the umask); an
        # existing folder, such as one the user chose for an export, keeps its mode.
        if files_dir is None:
            path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        else:
            _own_folder(path.parent, files_dir)
        partial = path.with_name(f"{path.name}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")
        # O_EXCL: a name taken meanwhile, a link included, is never written through.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            with os.fdopen(open_private(partial, flags), "wb") as handle:
                yield handle
                if durable:
                    handle.flush()
                    os.fsync(handle.fileno())
            partial.replace(path)  # a link at path is replaced itself, never followed
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        if durable:
            _sync_folder(path.parent)
    except OSError as error:
        if error.errno == errno.ENOSPC:
            raise DiskFull() from None
        raise


def store_stream(path: Path, source: BinaryIO) -> int:
    """Seal what ``source`` holds into ``path`` (under a profile), durably; the plain size.

    ``LinkRefused`` if a folder on the way is a link, ``DiskFull`` if it does not fit."""
    files_dir = _files_folder_of(path)
    key = files_key(profile_root_of(path))
    with durable_target(path, files_dir=files_dir) as target:
        return sealed_files.seal(key, source, target)


def store_bytes(path: Path, data: bytes) -> int:
    """Seal ``data`` into ``path`` (under a profile), durably."""
    return store_stream(path, io.BytesIO(data))


def plain_chunks(path: Path, *, name: str | None = None) -> Iterator[bytes]:
    """A stored file's content, piece by piece (a plaintext legacy file as it is), read
    through no link (``LinkRefused``).  ``name``: the file's real name, for the message
    of a damaged file (a stored name carries none)."""
    with _open_stored(path) as handle:
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
            raise _damaged(Path(path), name) from None


def _damaged(path: Path, name: str | None) -> FileUnreadable:
    """What a stored file that fails its check means: a download is removed, to be
    downloaded again; a file made here is kept as it is (nowhere else has it)."""
    if not (_DOWNLOAD_NAME.match(path.name) and _DOWNLOAD_FOLDER.match(path.parent.name)):
        return FileUnreadable(path, name)
    try:
        path.unlink()
    except OSError as error:  # held open elsewhere (Windows), a read-only disk: kept
        log.warning("a damaged download could not be removed: %s", _why(error))
        return FileUnreadable(path, name)
    log.warning("a damaged download was removed, to be downloaded again")
    return DownloadDropped(path, name)


def read_plain(path: Path, *, name: str | None = None) -> bytes:
    """A stored file's whole content (to send it: the helpdesk wants the bytes), held in
    memory once: BytesIO hands over its own buffer, where a join would copy the pieces."""
    content = io.BytesIO()
    for piece in plain_chunks(path, name=name):
        content.write(piece)
    return content.getvalue()


def export_plain(
    path: Path, target: Path, *, durable: bool = True, name: str | None = None
) -> Path:
    """A decrypted copy of a stored file at ``target`` (the user's choice), durably
    unless it is a throw-away copy for a viewer (a 100 MB fsync costs seconds).

    Nothing is left at ``target`` if the file turns out to be unreadable.
    """
    with durable_target(target, durable=durable) as handle:
        for piece in plain_chunks(path, name=name):
            handle.write(piece)
    return target


def plain_size(path: Path) -> int:
    """The size of a stored file's content, without decrypting it."""
    with _open_stored(path) as handle:
        size = os.fstat(handle.fileno()).st_size
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


def refuse_a_linked_folder(attachments_dir: Path) -> None:
    """``LinkRefused`` when the profile's attachments folder is a link: a sync would
    write its downloads, and seal every file, where it points."""
    if _is_link(attachments_dir):
        raise _refused(attachments_dir)


def remove_abandoned_writes(attachments_dir: Path) -> None:
    """Remove the unfinished writes an earlier run left (no row names them): names only,
    no stored file is opened.  ``LinkRefused`` if the folder is a link."""
    refuse_a_linked_folder(attachments_dir)
    for path in _stored_files(attachments_dir):
        if path.name.endswith(PARTIAL_SUFFIX):
            _remove_if_abandoned(path)


def seal_legacy_files(attachments_dir: Path) -> Sealing:
    """Encrypt in place the plaintext files an older FieldDesk left.

    Crash-safe: each is sealed into a temporary file beside it, fsynced, then
    renamed over it, so at every moment the file is either the old plaintext
    (still readable) or the sealed one.  Unfinished writes of an earlier run
    are removed (no row names them).  Only the names FieldDesk gives its files
    are sealed, none through a link, and a linked folder is refused
    (``LinkRefused``): what another program keeps there is not FieldDesk's.
    """
    folder, profile_root = attachments_dir, attachments_dir.parent
    refuse_a_linked_folder(folder)
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
            with _open_stored(path) as source, durable_target(path, files_dir=folder) as target:
                sealed_files.seal(key, source, target)
        except (OSError, DiskFull, LinkRefused) as error:  # in use (Windows), vanished,
            # disk full, made a link meanwhile: the next start looks again
            log.warning("a stored file could not be encrypted yet: %s", _why(error))
            left_plain += 1
            continue
        sealed += 1
    if sealed:
        files = plural(sealed, "file", "files")
        log.info("encrypted %s an older FieldDesk had stored in plain", files)
    return Sealing(sealed, left_plain)


def _why(error: OSError | StoreError) -> str:
    """For the log: the system's reason, never a stored file's name."""
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    return "it is behind a link" if isinstance(error, LinkRefused) else str(error)
