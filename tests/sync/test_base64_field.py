"""A file RT serves as base64 inside JSON, decoded as the reply arrives: whatever the
chunks the network cuts it into, and without holding the reply beside the file."""

from __future__ import annotations

import base64
import json
import random
import tracemalloc
from collections.abc import Iterator

import pytest

from sync.connectors.base64_field import Base64Field
from sync.errors import BadReplyError, DownloadTooLarge

PHOTO = bytes(random.Random(7).randrange(256) for _ in range(5000))


def rt_record(content: bytes) -> bytes:
    """An attachment as RT 5's REST2 writes it: MIME base64 (lines of 76), other fields
    around it, some with quotes, escapes and nesting, one that only looks like ours."""
    record = {
        "Headers": 'Content-Disposition: attachment; filename="a \\"b\\".jpg"\nX: {[,:]}',
        "_hyperlinks": [{"ref": "self", "Content": "not this", "id": 12}],
        "Subject": "Content",
        "Content": base64.encodebytes(content).decode(),
        "ContentType": "image/jpeg",
        "Creator": {"id": "alice", "type": "user"},
        "Filename": "Content\u00e9.jpg",
        "TransactionId": {"id": 88},
    }
    return json.dumps(record).encode()


def fed(reply: bytes, cuts: list[int], max_bytes: int = 1 << 20) -> bytes:
    sink = Base64Field("Content", max_bytes)
    at = 0
    for cut in [*cuts, len(reply)]:
        sink.write(reply[at:cut])
        at = cut
    return sink.value()


def test_a_file_is_the_same_however_the_reply_is_cut() -> None:
    reply = rt_record(PHOTO)
    assert fed(reply, []) == PHOTO
    for size in range(1, 9):  # every escape and quote split at every place
        assert fed(reply, list(range(size, len(reply), size))) == PHOTO
    rng = random.Random(3)
    for _ in range(20):
        assert fed(reply, sorted(rng.sample(range(1, len(reply)), 40))) == PHOTO


def test_an_empty_file_is_empty() -> None:
    assert fed(rt_record(b""), []) == b""


@pytest.mark.parametrize(
    "reply",
    [
        b'{"Filename": "a.jpg"}',  # no content at all
        b'{"Content": null, "Filename": "a.jpg"}',
        b'{"Content": "QUJD',  # cut off
        b'{"Content": "QUJDRA==", "Filename": "a.jpg"',  # the record not closed
        b'{"Content": "QU!DRA=="}',  # not base64
        b'{"Content": "QUJDRA\\u003d="}',  # an escape base64 never needs
        b'{"Content": "QUJDR"}',  # not a whole base64 text
        b"[]",
        b'{"Content":"QUJD","Cont\\u0065nt":"REVG"}',  # a JSON parser reads the second
        b'{"Content":"QUJD","Content":"REVG"}',  # two files in one
        b'{"Content" "QUJD"}',  # no colon
        b'{"Content": xyz "QUJD"}',
        b'{"Content":"QUJD"]',
        b'{"Content":"QUJD"}{}',
        b'{"Content":"QUJD"} garbage',
    ],
)
def test_a_reply_that_is_not_a_whole_file_is_refused(reply: bytes) -> None:
    with pytest.raises(BadReplyError):
        fed(reply, [])


def test_a_file_larger_than_expected_is_stopped() -> None:
    with pytest.raises(DownloadTooLarge):
        fed(rt_record(bytes(300_000)), [], max_bytes=200_000)


def _streamed_record(size: int, chunk: int = 57 * 1024) -> Iterator[bytes]:
    """An RT reply for a file of ``size`` bytes, made piece by piece (never held whole)."""
    yield b'{"Filename": "scan.pdf", "Content": "'
    piece = base64.encodebytes(bytes(range(256)) * (chunk // 256)).replace(b"\n", b"\\n")
    for _ in range(size // chunk):
        yield piece
    yield b'", "ContentType": "application/pdf"}'


def test_a_large_file_is_held_about_once_not_beside_its_reply() -> None:
    size = 57 * 1024 * 180  # ~10 MB
    sink = Base64Field("Content", size)
    tracemalloc.start()
    try:
        for part in _streamed_record(size):
            sink.write(part)
        data = sink.value()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(data) == size and data[:256] == bytes(range(256))
    # The file, and for a moment its copy as bytes: not the reply's text, its string
    # and the decoded file side by side (about five times the file).
    assert peak < 2.3 * size, f"{peak / size:.1f} times the file"
