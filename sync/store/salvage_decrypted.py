"""A damaged replica whose schema SQLCipher cannot read, decrypted in memory for the salvage.

SQLite loads the whole schema before any statement, and SQLCipher refuses every
statement once a page fails its check: one torn page among the dozen that hold
the schema hides the outbox, though the outbox's own pages are sound.  SQLCipher
seals each page on its own (AES-256-CBC, the IV and an HMAC of the page in its
reserved tail; ``sync.store.cipher``), so every other page can be decrypted and
checked here, and SQLite itself reads the copy -- Python's own ``sqlite3``, in
memory: the plaintext never touches the disk (it costs about three times the
file in memory, once):

- a page whose HMAC fails is zeroed: SQLite reports it as damage and
  ``sync.store.salvage`` reads around it, never a row of garbled bytes;
- except a schema page (page 1, or one whose garbled text lets SQLite find more
  of the tables the salvage wants): the schema holds no user data, and what
  SQLite still parses of it names the tables on the sound pages;
- ``PRAGMA writable_schema`` has SQLite use the part of the schema it could read;
- the ``-wal``'s committed frames are laid over the pages as SQLite does, up to
  the first frame that is torn (its HMAC) or left from an earlier journal (salts).
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3 as plain_sqlite3
import struct
from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from sync.store.cipher import FORMATS, PageFormat
from sync.store.driver import sqlite3
from sync.store.health import HEADER

SALT_BYTES = 16
IV_BYTES = 16
HMAC_KEY_ROUNDS = 2  # SQLCipher derives the HMAC key from the raw key with 2 PBKDF2 rounds
WAL_HEADER = struct.Struct(">IIIIII8x")  # magic, version, page size, checkpoint, salts
WAL_FRAME = struct.Struct(">IIII8x")  # page number, pages after a commit (0: none), salts
FORMAT_PROBE_PAGES = 16  # enough sound pages to tell the format the file was written in
MAX_SCHEMA_TRIALS = 16  # failed pages tried as schema pages; past that, page 1 only
_DIGESTS = {"HMAC_SHA256": hashlib.sha256, "HMAC_SHA512": hashlib.sha512}


class _Unsealer:
    """Decrypts and checks one page as SQLCipher wrote it in one format."""

    def __init__(self, key: bytes, salt: bytes, page_format: PageFormat) -> None:
        self.size, self._key = page_format.size, key
        self._digest = _DIGESTS[page_format.hmac]
        self.reserve = -(-(IV_BYTES + self._digest().digest_size) // IV_BYTES) * IV_BYTES
        mask = bytes(b ^ 0x3A for b in salt)
        self._hmac_key = hashlib.pbkdf2_hmac("sha512", key, mask, HMAC_KEY_ROUNDS, 32)

    def open(self, number: int, page: bytes) -> tuple[bytes, bool]:
        """The page's plaintext (the salt and reserve as zeros), and whether it is sound."""
        skip = SALT_BYTES if number == 1 else 0
        end = self.size - self.reserve
        mac = hmac.new(self._hmac_key, page[skip : end + IV_BYTES], self._digest)
        mac.update(number.to_bytes(4, "little"))
        stored = page[end + IV_BYTES : end + IV_BYTES + mac.digest_size]
        decryptor = Cipher(algorithms.AES(self._key), modes.CBC(page[end : end + IV_BYTES]))
        opened = decryptor.decryptor()
        plain = bytes(skip) + opened.update(page[skip:end]) + opened.finalize()
        return plain + bytes(self.reserve), hmac.compare_digest(mac.digest(), stored)


class _Image:
    """The plaintext file being put together: failed pages zero, kept aside garbled."""

    def __init__(self, unsealer: _Unsealer) -> None:
        self.unsealer, self.data = unsealer, bytearray()
        self.garbled: dict[int, bytes] = {}

    def put(self, number: int, plain: bytes, sound: bool) -> None:
        size = self.unsealer.size
        if len(self.data) < number * size:
            self.data.extend(bytes(number * size - len(self.data)))
        self.data[(number - 1) * size : number * size] = plain if sound else bytes(size)
        if sound:
            self.garbled.pop(number, None)
        else:
            self.garbled[number] = plain

    def add_file(self, data: bytes) -> None:
        size = self.unsealer.size
        for number in range(1, len(data) // size + 1):
            self.put(number, *self.unsealer.open(number, data[(number - 1) * size : number * size]))

    def add_wal(self, wal: bytes) -> None:
        """The journal's committed frames, in order, up to the first torn or stale one."""
        size = self.unsealer.size
        if len(wal) < WAL_HEADER.size or WAL_HEADER.unpack_from(wal)[2] != size:
            return
        salts = WAL_HEADER.unpack_from(wal)[4:]
        pending: list[tuple[int, bytes]] = []
        for start in range(
            WAL_HEADER.size, len(wal) - WAL_FRAME.size - size + 1, WAL_FRAME.size + size
        ):
            number, commit, *frame_salts = WAL_FRAME.unpack_from(wal, start)
            plain, sound = self.unsealer.open(
                number, wal[start + WAL_FRAME.size : start + WAL_FRAME.size + size]
            )
            if tuple(frame_salts) != salts or not sound:
                return
            pending.append((number, plain))
            if commit:
                for committed, content in pending:
                    self.put(committed, content, True)
                pending = []

    def with_garbled(self, numbers: Iterable[int]) -> bytes:
        """The file for SQLite: these failed pages as decrypted, the header as FieldDesk
        writes it (whatever a torn page 1 garbled), and a rollback journal (no -wal in memory)."""
        data, size = bytearray(self.data), self.unsealer.size
        for number in numbers:
            data[(number - 1) * size : number * size] = self.garbled[number]
        data[: len(HEADER)] = HEADER
        data[16:24] = struct.pack(">HBBBBBB", size, 1, 1, self.unsealer.reserve, 64, 32, 32)
        return bytes(data)


class DecryptedCopy:
    """The copy in SQLite, and which of the wanted tables SQLite found in it."""

    def __init__(self, connection: plain_sqlite3.Connection, tables: set[str]) -> None:
        self._connection, self.tables = connection, tables

    def rows(self, sql: str, parameters: list[object]) -> list[plain_sqlite3.Row]:
        """The statement's rows; a damaged page fails it as the driver's DatabaseError,
        as a read of the file itself would."""
        try:
            return self._connection.execute(sql, parameters).fetchall()
        except plain_sqlite3.DatabaseError as error:
            raise sqlite3.DatabaseError(str(error)) from None

    def close(self) -> None:
        self._connection.close()


def decrypted_copy(path: Path, key: bytes, wanted: Iterable[str]) -> DecryptedCopy | None:
    """The replica at path (and its -wal) in memory; None when no page opens with key."""
    data = path.read_bytes()
    unsealer = _format_of(data, key)
    if unsealer is None:
        return None
    image = _Image(unsealer)
    image.add_file(data)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        image.add_wal(wal.read_bytes())
    wanted = list(wanted)
    kept = {1} & set(image.garbled)
    best = _connect(image.with_garbled(kept), wanted)
    for number in sorted(set(image.garbled) - kept)[:MAX_SCHEMA_TRIALS]:
        trial = _connect(image.with_garbled(kept | {number}), wanted)
        if len(trial.tables) > len(best.tables):
            best.close()
            best, kept = trial, kept | {number}
        else:
            trial.close()
    return best


def _format_of(data: bytes, key: bytes) -> _Unsealer | None:
    """The format most of the first pages are sound in (page 1 may be the torn one)."""
    best, best_sound = None, 0
    for page_format in FORMATS:
        unsealer = _Unsealer(key, data[:SALT_BYTES], page_format)
        size = page_format.size
        pages = min(FORMAT_PROBE_PAGES, len(data) // size)
        sound = sum(
            unsealer.open(n, data[(n - 1) * size : n * size])[1] for n in range(1, pages + 1)
        )
        if sound > best_sound:
            best, best_sound = unsealer, sound
    return best


def _connect(data: bytes, wanted: list[str]) -> DecryptedCopy:
    connection = plain_sqlite3.connect(":memory:", isolation_level=None)
    connection.deserialize(data)
    connection.execute("PRAGMA writable_schema = ON")
    connection.row_factory = plain_sqlite3.Row
    found = set()
    for table in wanted:
        # The first statement after a schema read that failed part way may fail too.
        for _attempt in range(2):
            try:
                connection.execute(f"SELECT * FROM {table} LIMIT 0").fetchall()
            except plain_sqlite3.DatabaseError:
                continue
            found.add(table)
            break
    return DecryptedCopy(connection, found)
