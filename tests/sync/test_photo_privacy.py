"""A phone photo's location, serial numbers and owner never leave the laptop (sync.photo_privacy).

The JPEGs are built by hand: Qt encodes a plain image, the metadata segments and
their TIFF directories are written here byte by byte, as a phone writes them.
"""

from __future__ import annotations

import io
import random
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage, QImageIOHandler, QImageReader

from sync import attachments, file_vault
from sync.photo_privacy import without_private_metadata
from sync.profile import Profile

OWNER = b"Julie Marsh"
BODY_SERIAL = b"C39XK2ABCDEF"
LENS_SERIAL = b"LENS0099887"
MAKER_NOTE_SERIAL = b"MN55501234"
CITY = b"Shoreditch"
PRIVATE = [OWNER, BODY_SERIAL, LENS_SERIAL, MAKER_NOTE_SERIAL, CITY, b"GPSLatitude"]
WIDTH, HEIGHT = 64, 48


def plain_jpeg(width: int = WIDTH, height: int = HEIGHT) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(200, 50, 50))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "JPG")
    return bytes(data.data())


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def ifd(entries: list[tuple[int, int, int, bytes]], at: int, next_ifd: int = 0) -> bytes:
    """A little-endian TIFF directory at offset ``at``, its long values right after it."""
    head = struct.pack("<H", len(entries))
    extra = b""
    values_at = at + 2 + 12 * len(entries) + 4
    for tag, kind, count, value in sorted(entries):
        if len(value) <= 4:
            head += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")
        else:
            head += struct.pack("<HHII", tag, kind, count, values_at + len(extra))
            extra += value + b"\0" * (len(value) % 2)
    return head + struct.pack("<I", next_ifd) + extra


def ascii_entry(tag: int, text: bytes) -> tuple[int, int, int, bytes]:
    return (tag, 2, len(text) + 1, text + b"\0")


def rationals(*pairs: tuple[int, int]) -> bytes:
    return b"".join(struct.pack("<II", a, b) for a, b in pairs)


def phone_exif(orientation: int | None = 6) -> bytes:
    """An EXIF block as a phone writes it: owner, serials, maker note, GPS."""
    maker_note = b"Apple iOS\0SN=" + MAKER_NOTE_SERIAL + b"\0"
    exif_entries = [
        ascii_entry(0xA431, BODY_SERIAL),
        ascii_entry(0xA435, LENS_SERIAL),
        ascii_entry(0xA430, OWNER),
        (0x927C, 7, len(maker_note), maker_note),
    ]
    gps_entries = [
        (0x0001, 2, 2, b"N\0"),
        (0x0002, 5, 3, rationals((51, 1), (31, 1), (3, 1))),
        (0x0003, 2, 2, b"W\0"),
        (0x0004, 5, 3, rationals((0, 1), (4, 1), (48, 1))),
    ]

    def first(exif_at: int, gps_at: int) -> bytes:
        entries = [
            ascii_entry(0x010F, b"Apple"),
            ascii_entry(0x013B, OWNER),
            (0x8769, 4, 1, struct.pack("<I", exif_at)),
            (0x8825, 4, 1, struct.pack("<I", gps_at)),
        ]
        if orientation is not None:
            entries.append((0x0112, 3, 1, struct.pack("<H", orientation)))
        return ifd(entries, 8)

    exif_at = 8 + len(first(0, 0))
    exif_ifd = ifd(exif_entries, exif_at)
    gps_at = exif_at + len(exif_ifd)
    tiff = b"II*\0" + struct.pack("<I", 8) + first(exif_at, gps_at) + exif_ifd
    tiff += ifd(gps_entries, gps_at)
    return segment(0xE1, b"Exif\0\0" + tiff)


def xmp() -> bytes:
    packet = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description '
        b"exif:GPSLatitude='51,31.05N' photoshop:City='" + CITY + b"'>"
        b"<dc:creator>" + OWNER + b"</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + packet)


def iptc() -> bytes:
    records = b"\x1c\x02\x50" + struct.pack(">H", len(OWNER)) + OWNER  # By-line
    records += b"\x1c\x02\x5a" + struct.pack(">H", len(CITY)) + CITY  # City
    resource = b"8BIM\x04\x04\0\0" + struct.pack(">I", len(records)) + records
    return segment(0xED, b"Photoshop 3.0\0" + resource)


COMMENT = segment(0xFE, b"kept: a comment")


def phone_photo(orientation: int | None = 6) -> bytes:
    base = plain_jpeg()
    return base[:2] + phone_exif(orientation) + xmp() + iptc() + COMMENT + base[2:]


def cleaned(data: bytes) -> bytes:
    return without_private_metadata(io.BytesIO(data)).read()


def header_segments(jpeg: bytes) -> tuple[list[tuple[int, bytes]], int]:
    """The segments before the first scan, (marker, payload), and where that scan starts."""
    found, at = [], 2
    while jpeg[at + 1] != 0xDA:
        length = struct.unpack(">H", jpeg[at + 2 : at + 4])[0]
        found.append((jpeg[at + 1], jpeg[at + 4 : at + 2 + length]))
        at += 2 + length
    return found, at


def first_directory(jpeg: bytes) -> dict[int, tuple[int, int, bytes]]:
    """The EXIF block's first directory, tag: (type, count, value field), read as a viewer does."""
    exif = [p for m, p in header_segments(jpeg)[0] if m == 0xE1 and p.startswith(b"Exif\0\0")]
    assert len(exif) == 1
    tiff = exif[0][6:]
    order = {b"II*\0": "<", b"MM\0*": ">"}[tiff[:4]]
    at = struct.unpack(order + "I", tiff[4:8])[0]
    count = struct.unpack(order + "H", tiff[at : at + 2])[0]
    entries = {}
    for n in range(count):
        entry = tiff[at + 2 + 12 * n : at + 14 + 12 * n]
        tag, kind, values = struct.unpack(order + "HHI", entry[:8])
        entries[tag] = (kind, values, entry[8:])
    return entries


def orientation_of(jpeg: bytes) -> int:
    kind, values, field = first_directory(jpeg)[0x0112]
    assert (kind, values) == (3, 1)
    return int(struct.unpack(">H", field[:2])[0])


def test_the_location_serials_and_owner_are_gone() -> None:
    photo = phone_photo()
    assert all(private in photo for private in PRIVATE)  # the test photo has them

    out = cleaned(photo)

    assert [private for private in PRIVATE if private in out] == []
    assert b"http://ns.adobe.com/xap/1.0/" not in out
    assert 0xED not in [marker for marker, _ in header_segments(out)[0]]  # no IPTC
    assert set(first_directory(out)) == {0x0112}  # no GPS, no EXIF directory, no Artist


def test_the_photo_keeps_its_orientation_and_its_image_byte_for_byte(qapp: object) -> None:
    photo = phone_photo(orientation=6)

    out = cleaned(photo)

    assert orientation_of(out) == 6
    assert out[header_segments(out)[1] :] == photo[header_segments(photo)[1] :]
    assert COMMENT in out  # segments holding nothing private stay
    data = QByteArray(out)
    buffer = QBuffer(data)  # held here: the reader does not own its device
    reader = QImageReader(buffer)
    assert reader.transformation() == QImageIOHandler.Transformation.TransformationRotate90
    image = QImage.fromData(out)
    assert not image.isNull()
    assert (image.width(), image.height()) == (WIDTH, HEIGHT)


def test_a_photo_without_orientation_gets_no_exif_at_all() -> None:
    out = cleaned(phone_photo(orientation=None))

    assert b"Exif" not in out
    assert [private for private in PRIVATE if private in out] == []
    assert QImage.fromData(out).width() == WIDTH


def test_fill_bytes_before_a_marker_are_read_past() -> None:
    photo = phone_photo()
    out = cleaned(photo[:2] + b"\xff\xff\xff" + photo[2:])

    assert [private for private in PRIVATE if private in out] == []
    assert orientation_of(out) == 6


def test_extra_images_an_mpf_index_points_at_are_still_found() -> None:
    """An index of extra images (a phone's HDR gain map) counts from itself to them: what
    is removed after it is replaced by as many bytes, so the count stays right."""
    base, extra = plain_jpeg(), plain_jpeg(8, 8)
    mpf = segment(0xE2, b"MPF\0" + b"MM\0*" + struct.pack(">I", 8) + b"\0\0" + b"\0" * 4)
    photo = base[:2] + phone_exif() + mpf + xmp() + iptc() + base[2:] + extra

    out = cleaned(photo)

    assert [private for private in PRIVATE if private in out] == []
    assert out.rindex(extra) - out.index(b"MPF\0") == photo.rindex(extra) - photo.index(b"MPF\0")
    assert orientation_of(out) == 6
    assert QImage.fromData(out).width() == WIDTH


def test_only_the_header_is_read_ahead_and_the_rest_comes_in_full_chunks() -> None:
    """The caller seals the file chunk by chunk: a 25 MB photo is never held whole."""
    photo = phone_photo() + bytes(3 * 1024 * 1024)  # bytes after the image pass as they are
    source = io.BytesIO(photo)

    stream = without_private_metadata(source)

    assert source.tell() == header_segments(photo)[1] + 2  # up to the first scan's marker
    chunks = iter(lambda: stream.read(1024 * 1024), b"")
    sizes = [len(chunk) for chunk in chunks]
    assert all(size == 1024 * 1024 for size in sizes[:-1])
    assert sum(sizes) == len(cleaned(photo))


def many_tiny_segments() -> bytes:
    photo = phone_photo()
    return photo[:2] + segment(0xFE, b"") * 10_000 + photo[2:]


def length_past_the_end() -> bytes:
    return b"\xff\xd8" + phone_exif() + b"\xff\xe1\xff\xff" + OWNER


def looping_exif() -> bytes:
    """IFD0 claims 65535 entries; its next directory, GPS and EXIF pointers are itself."""
    entries = struct.pack("<HHIH", 0x0112, 3, 1, 6) + b"\0\0"
    entries += struct.pack("<HHII", 0x8825, 4, 1, 8) + struct.pack("<HHII", 0x8769, 4, 1, 8)
    tiff = b"II*\0" + struct.pack("<IH", 8, 0xFFFF) + entries + struct.pack("<I", 8)
    base = plain_jpeg()
    return base[:2] + segment(0xE1, b"Exif\0\0" + tiff) + base[2:]


def test_a_tiff_offset_loop_is_not_followed() -> None:
    photo = looping_exif()

    out = cleaned(photo)

    assert orientation_of(out) == 6
    assert set(first_directory(out)) == {0x0112}
    assert out[header_segments(out)[1] :] == photo[header_segments(photo)[1] :]


NOISE = random.Random(7).randbytes(4096)
STRANGERS_FILES = {
    "empty": lambda: b"",
    "one byte": lambda: b"\xff",
    "only a start": lambda: b"\xff\xd8",
    "a start and half a marker": lambda: b"\xff\xd8\xff",
    "PNG": lambda: b"\x89PNG\r\n\x1a\n" + NOISE,
    "PDF": lambda: b"%PDF-1.7\n" + NOISE,
    "HEIC": lambda: b"\0\0\0\x18ftypheic" + NOISE,
    "noise": lambda: NOISE,
    "a start then noise": lambda: b"\xff\xd8" + NOISE,
    "no image": lambda: b"\xff\xd8" + COMMENT + b"\xff\xd9",
    "a length under 2": lambda: b"\xff\xd8\xff\xe1\x00\x01" + OWNER,
    "a restart marker in the header": lambda: b"\xff\xd8\xff\xd0" + phone_photo()[2:],
    "a stuffed byte in the header": lambda: b"\xff\xd8\xff\x00" + phone_photo()[2:],
    "10 000 tiny segments": many_tiny_segments,
    "a million fill bytes": lambda: b"\xff\xd8" + b"\xff" * 1_000_000 + phone_photo()[2:],
    "a length past the end": length_past_the_end,
}


@pytest.mark.parametrize("make", STRANGERS_FILES.values(), ids=STRANGERS_FILES.keys())
def test_what_is_not_a_readable_jpeg_comes_back_unchanged(make: Callable[[], bytes]) -> None:
    data = make()
    assert cleaned(data) == data


def test_a_photo_cut_short_anywhere_in_its_header_comes_back_unchanged() -> None:
    photo = phone_photo()
    for end in range(header_segments(photo)[1] + 2):
        assert cleaned(photo[:end]) == photo[:end]


def test_a_photo_attached_to_a_visit_is_stored_without_them(
    profile: Profile, tmp_path: Path
) -> None:
    """The way every photo comes in (the window's tray, checklist photos, the CLI): what
    is stored, and later sent to the helpdesk, is the cleaned photo."""
    picked = tmp_path / "rack at the customer's.jpg"
    picked.write_bytes(phone_photo())
    item = attachments.import_file(profile.attachments_dir, picked)
    stored = file_vault.read_plain(Path(item["path"]))
    assert not [secret for secret in PRIVATE if secret in stored]
    assert orientation_of(stored) == 6
    assert item["size"] == len(stored)
