"""The encrypted file format: what is sealed comes back whole, and nothing else does."""

from __future__ import annotations

import io
import os
import tracemalloc
from pathlib import Path

import pytest

from sync import sealed_files
from sync.sealed_files import HEADER_BYTES, TAG_BYTES, SealBroken, is_sealed, seal, unseal

KEY = bytes(range(32))
OTHER_KEY = bytes(32)
CHUNK = 1024  # small chunks: several of them in a few KB


def sealed(data: bytes, key: bytes = KEY, chunk: int = CHUNK) -> bytes:
    target = io.BytesIO()
    assert seal(key, io.BytesIO(data), target, chunk_bytes=chunk) == len(data)
    return target.getvalue()


def opened(blob: bytes, key: bytes = KEY) -> bytes:
    return b"".join(unseal(key, io.BytesIO(blob)))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5 * CHUNK + 17])
def test_what_is_sealed_comes_back_whole_and_unreadable_on_disk(size: int) -> None:
    data = os.urandom(size) if size < 64 else b"Julie Marsh, 12 Quay Street " * (size // 28 + 1)
    data = data[:size]
    blob = sealed(data)
    assert is_sealed(blob) and opened(blob) == data
    assert sealed_files.plain_size(len(blob), CHUNK) == size
    if size >= 28:
        assert b"Julie Marsh" not in blob


def test_two_seals_of_one_file_differ_so_equal_files_cannot_be_spotted() -> None:
    data = b"same photo" * 500
    assert sealed(data) != sealed(data)


def test_a_plaintext_file_is_not_taken_for_a_sealed_one() -> None:
    assert not is_sealed(b"\x89PNG\r\n\x1a\n")
    assert not is_sealed(b"%PDF-1.4")
    assert not is_sealed(b"")


def test_any_changed_byte_is_refused() -> None:
    blob = bytearray(sealed(b"signature strokes " * 200))
    for position in (0, 7, 9, HEADER_BYTES - 1, HEADER_BYTES + 5, len(blob) // 2, len(blob) - 1):
        changed = bytearray(blob)
        changed[position] ^= 0x01
        with pytest.raises(SealBroken, match="changed on disk or the key is wrong"):
            opened(bytes(changed))


@pytest.mark.parametrize(
    "cut",
    [
        0,
        5,
        HEADER_BYTES,  # the header alone
        HEADER_BYTES + CHUNK + TAG_BYTES,  # whole chunks, the last one missing
        HEADER_BYTES + 2 * (CHUNK + TAG_BYTES),
        -1,
    ],
)
def test_a_file_cut_short_is_refused_even_at_a_chunk_boundary(cut: int) -> None:
    blob = sealed(b"x" * (3 * CHUNK + 10))
    with pytest.raises(SealBroken):
        opened(blob[:cut])


def test_chunks_swapped_or_added_are_refused() -> None:
    blob = sealed(b"a" * CHUNK + b"b" * CHUNK + b"c" * 10)
    size = CHUNK + TAG_BYTES
    first, second = HEADER_BYTES, HEADER_BYTES + size
    one, two = blob[first:second], blob[second : second + size]
    swapped = blob[:first] + two + one + blob[second + size :]
    with pytest.raises(SealBroken):
        opened(swapped)
    with pytest.raises(SealBroken):
        opened(blob + blob[first:second])  # a chunk appended after the last


def test_a_chunk_from_another_file_is_refused() -> None:
    one, other = sealed(b"a" * 2 * CHUNK), sealed(b"a" * 2 * CHUNK)
    mixed = one[: HEADER_BYTES + CHUNK + TAG_BYTES] + other[HEADER_BYTES + CHUNK + TAG_BYTES :]
    with pytest.raises(SealBroken):
        opened(mixed)


def test_another_key_reads_nothing() -> None:
    with pytest.raises(SealBroken):
        opened(sealed(b"photo bytes"), OTHER_KEY)


def test_a_header_asking_for_huge_chunks_is_refused_before_reading() -> None:
    blob = bytearray(sealed(b"x"))
    blob[8:12] = (2**31).to_bytes(4, "big")
    with pytest.raises(SealBroken):
        opened(bytes(blob))


def test_a_big_file_streams_through_in_bounded_memory(tmp_path: Path) -> None:
    """A 64 MB video is sealed and read back holding about one chunk at a time."""
    size = 64 * 1024 * 1024
    source, target = tmp_path / "video.mp4", tmp_path / "video.sealed"
    with source.open("wb") as handle:
        for index in range(size // (1024 * 1024)):
            handle.write(bytes([index % 251]) * (1024 * 1024))
    tracemalloc.start()
    try:
        with source.open("rb") as plain, target.open("wb") as out:
            seal(KEY, plain, out)
        _, sealing_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        count = 0
        with target.open("rb") as handle:
            for index, piece in enumerate(unseal(KEY, handle)):
                assert piece == bytes([index % 251]) * len(piece)
                count += len(piece)
        _, reading_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == size
    assert target.stat().st_size == HEADER_BYTES + size + 64 * TAG_BYTES
    assert sealing_peak < 8 * 1024 * 1024 and reading_peak < 8 * 1024 * 1024
