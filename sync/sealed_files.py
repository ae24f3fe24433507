"""The on-disk format of a profile's encrypted files (attachments, photos, reports).

AES-256-GCM in chunks, so a 100 MB file is encrypted and decrypted as it streams,
never held in memory whole:

    header  "FDSEAL" | version 1 | 0 | chunk size (u32, big-endian) | 16 random bytes
    chunks  AES-GCM(file key, nonce = index (11 bytes) | last (1 byte), aad = header)

The file key is HKDF-SHA256 of the profile's key with the header's random bytes as
salt: every file has its own key, so the counter nonces never repeat under one key.
The header is authenticated with every chunk; the index in the nonce keeps chunks
in order; only the last chunk is sealed with last = 1, so a file cut short at a
chunk boundary (or given more chunks) fails too.  A file that does not start with
the magic is a plaintext file from an older FieldDesk.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"FDSEAL"
VERSION = 1
CHUNK_BYTES = 1024 * 1024
TAG_BYTES = 16
SALT_BYTES = 16
_HEADER = struct.Struct(f">{len(MAGIC)}sBBI{SALT_BYTES}s")
HEADER_BYTES = _HEADER.size
_LARGEST_CHUNK = 16 * 1024 * 1024  # a header may not make a reader allocate more
_INFO = b"FieldDesk file v1"
BROKEN = "this file was changed on disk or the key is wrong"


class SealBroken(ValueError):
    """The file was changed on disk, cut short, or sealed with another key."""

    def __init__(self) -> None:
        super().__init__(BROKEN)


def is_sealed(first_bytes: bytes) -> bool:
    """Whether a file starting with these bytes is in this format (else: plaintext)."""
    return first_bytes.startswith(MAGIC)


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_INFO).derive(key)
    return AESGCM(derived)


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def seal(key: bytes, source: BinaryIO, target: BinaryIO, *, chunk_bytes: int = CHUNK_BYTES) -> int:
    """Encrypt ``source`` into ``target`` chunk by chunk; returns the plaintext size."""
    header = _HEADER.pack(MAGIC, VERSION, 0, chunk_bytes, os.urandom(SALT_BYTES))
    cipher = _file_cipher(key, header[-SALT_BYTES:])
    target.write(header)
    total, index = 0, 0
    chunk = source.read(chunk_bytes)
    while True:
        following = source.read(chunk_bytes) if len(chunk) == chunk_bytes else b""
        last = not following
        target.write(cipher.encrypt(_nonce(index, last), chunk, header))
        total += len(chunk)
        if last:
            return total
        chunk, index = following, index + 1


def unseal(key: bytes, source: BinaryIO) -> Iterator[bytes]:
    """The plaintext of a sealed file, chunk by chunk, each checked before it is given.

    Raises SealBroken at the first chunk that fails (a consumer writing a copy
    must throw away what it wrote).
    """
    header = source.read(HEADER_BYTES)
    if len(header) < HEADER_BYTES:
        raise SealBroken
    magic, version, _flags, chunk_bytes, salt = _HEADER.unpack(header)
    if magic != MAGIC or version != VERSION or not 0 < chunk_bytes <= _LARGEST_CHUNK:
        raise SealBroken
    cipher = _file_cipher(key, salt)
    index = 0
    sealed = source.read(chunk_bytes + TAG_BYTES)
    while True:
        following = source.read(chunk_bytes + TAG_BYTES) if sealed else b""
        try:
            yield cipher.decrypt(_nonce(index, not following), sealed, header)
        except InvalidTag:
            raise SealBroken from None
        if not following:
            return
        sealed, index = following, index + 1


def plain_size(sealed_size: int, chunk_bytes: int = CHUNK_BYTES) -> int:
    """The plaintext size of a sealed file of ``sealed_size`` bytes (no decryption)."""
    body = max(0, sealed_size - HEADER_BYTES)
    chunks = max(1, -(-body // (chunk_bytes + TAG_BYTES)))
    return max(0, body - chunks * TAG_BYTES)


def chunk_bytes_of(header: bytes) -> int:
    """The chunk size a sealed file's header names."""
    return int(_HEADER.unpack(header[:HEADER_BYTES])[3])
