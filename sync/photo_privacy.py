"""A JPEG photo's private metadata taken out before it leaves the laptop.

A phone or camera photo carries where it was taken and whose camera took it.
Attached to a visit it reaches the helpdesk, and, on a public reply, the
customer's mailbox: ``without_private_metadata`` removes that on the way into
the profile's outgoing files, in a single pass over the file.

Removed, from the JPEG's header (everything before its image data):

- the whole EXIF block (APP1 "Exif"): its GPS position, the camera's and the
  lens's serial numbers (BodySerialNumber 0xA431, LensSerialNumber 0xA435), the
  maker note (where makers keep serials too), the owner (CameraOwnerName
  0xA430) and the Artist (0x013B) -- and with them the make, model, time taken,
  exposure and the EXIF thumbnail.  It is replaced by a minimal EXIF block
  holding only the Orientation, when the photo had one;
- XMP (APP1 "http://ns.adobe.com/xap/1.0/" and its extension segments) and
  IPTC (APP13, Photoshop's), which repeat the location and the names.

Kept byte for byte: the image data, and every other segment -- JFIF, the ICC
colour profile, Adobe's colour transform, comments, the MPF index of extra
images.  Orientation is kept, so a portrait photo does not turn sideways.  When
an MPF index precedes a removed segment, the removed bytes are replaced by an
empty comment of the same length instead: the index locates the extra images
by their distance from it.

Not covered (passed through as they are): HEIC/HEIF, PNG (its eXIf chunk),
WebP, TIFF/RAW, video; anything after the JPEG's first scan, so segments
between a progressive JPEG's scans and data appended after the image (the
extra images an MPF index lists, a "motion photo"'s video, makers' trailers).

Never raises on a file's content, reads nothing past its end, and does
bounded work: a file that is not a JPEG, or whose header cannot be read (cut
short, a length past the end, more than ``MAX_SEGMENTS`` segments or
``MAX_HEADER_BYTES`` of them), comes back unchanged.  Only the EXIF block's
first directory is read for the Orientation; no offset in it is followed.
"""

from __future__ import annotations

import io
import struct
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

MAX_SEGMENTS = 1000  # a real photo has a few dozen at most (ICC profiles split in 255 at most)
MAX_HEADER_BYTES = 16 * 1024 * 1024  # the header held in memory while it is looked at
MAX_FILL_BYTES = 1024  # 0xFF before a marker: allowed, and rare (a byte-at-a-time loop)

_SOI, _SOS, _COM, _APP1, _APP2, _APP13 = 0xD8, 0xDA, 0xFE, 0xE1, 0xE2, 0xED
_EXIF = b"Exif\x00"  # "Exif\0\0" by the standard; a few writers end it otherwise
_XMP = (b"http://ns.adobe.com/xap/1.0/\x00", b"http://ns.adobe.com/xmp/extension/\x00")
_MPF = b"MPF\x00"
_ORIENTATION = 0x0112
_SHORT = 3


def without_private_metadata(source: BinaryIO) -> BinaryIO:
    """``source`` (a file open for reading, at its start) as it should be stored: a
    JPEG without its private metadata (see the module), anything else unchanged.

    Only the JPEG's header is read here (at most ``MAX_HEADER_BYTES``); the rest is
    read from ``source`` as the returned stream is read, so ``source`` must stay open
    until then."""
    head = _Recorder(source)
    try:
        cleaned = _cleaned_header(head)
    except _Unreadable:
        cleaned = None
    # Unreadable or not a JPEG: whatever was read, as it was, then the rest.
    return io.BufferedReader(_Joined(bytes(head.taken) if cleaned is None else cleaned, source))


class _Unreadable(Exception):
    """Not a JPEG, or a header this module does not understand: left as it is."""


class _Recorder:
    """Reads ``source`` keeping every byte read, to give it back unchanged."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.taken = bytearray()

    def read(self, size: int) -> bytes:
        if len(self.taken) + size > MAX_HEADER_BYTES:
            raise _Unreadable
        start = len(self.taken)
        while len(self.taken) - start < size:  # a raw file may give less than asked
            piece = self.source.read(size - (len(self.taken) - start))
            if not piece:
                raise _Unreadable  # cut short: a length pointing past the end
            self.taken += piece
        return bytes(self.taken[start:])


def _cleaned_header(head: _Recorder) -> bytes:
    """The JPEG's header rewritten, up to and including its first scan's marker."""
    if head.read(2) != b"\xff" + bytes([_SOI]):
        raise _Unreadable
    out = bytearray(b"\xff" + bytes([_SOI]))
    exif_seen = mpf_seen = False
    for _ in range(MAX_SEGMENTS):
        marker = _next_marker(head)
        if marker == _SOS:
            return bytes(out + b"\xff" + bytes([_SOS]))
        if marker == 0x01 or 0xD0 <= marker <= 0xD9:
            raise _Unreadable  # no length, and none belongs in a header
        length = struct.unpack(">H", head.read(2))[0]
        if length < 2:
            raise _Unreadable
        payload = head.read(length - 2)
        segment = b"\xff" + bytes([marker]) + struct.pack(">H", length) + payload
        if marker == _APP1 and payload.startswith(_EXIF):
            # Only the first EXIF block is what viewers read the orientation from.
            orientation = None if exif_seen else _orientation(payload[6:])
            exif_seen = True
            kept = _orientation_only(orientation)
        elif (marker == _APP1 and payload.startswith(_XMP)) or marker == _APP13:
            kept = b""
        else:
            kept = segment
            mpf_seen = mpf_seen or (marker == _APP2 and payload.startswith(_MPF))
        out += _same_length(kept, len(segment)) if mpf_seen else kept
    raise _Unreadable


def _next_marker(head: _Recorder) -> int:
    """The next marker's code, after its 0xFF and any 0xFF fill bytes (a few at most)."""
    if head.read(1) != b"\xff":
        raise _Unreadable
    for _ in range(MAX_FILL_BYTES + 1):
        code = head.read(1)[0]
        if code == 0x00:
            raise _Unreadable  # a stuffed byte: image data, not a marker
        if code != 0xFF:
            return code
    raise _Unreadable


def _orientation(tiff: bytes) -> int | None:
    """The Orientation (1-8) in the EXIF block's first directory, if it has one."""
    order = {b"II*\x00": "<", b"MM\x00*": ">"}.get(tiff[:4])
    if order is None or len(tiff) < 8:
        return None
    first = struct.unpack(order + "I", tiff[4:8])[0]
    if first + 2 > len(tiff):
        return None
    count = struct.unpack(order + "H", tiff[first : first + 2])[0]
    # At most 65535 entries, and never past the block: bounded whatever it claims.
    for entry in range(first + 2, min(first + 2 + 12 * count, len(tiff) - 11), 12):
        tag, kind, values, value = struct.unpack(order + "HHIH", tiff[entry : entry + 10])
        if tag == _ORIENTATION:
            return value if kind == _SHORT and values == 1 and 1 <= value <= 8 else None
    return None


def _orientation_only(orientation: int | None) -> bytes:
    """A minimal EXIF segment holding only ``orientation`` (none without one)."""
    if orientation is None:
        return b""
    tiff = (
        b"MM\x00*"
        + struct.pack(">I", 8)  # the first directory, right after this header
        + struct.pack(">H", 1)
        + struct.pack(">HHIHH", _ORIENTATION, _SHORT, 1, orientation, 0)
        + struct.pack(">I", 0)  # no next directory (no thumbnail)
    )
    payload = b"Exif\x00\x00" + tiff
    return b"\xff" + bytes([_APP1]) + struct.pack(">H", len(payload) + 2) + payload


def _same_length(segment: bytes, length: int) -> bytes:
    """``segment`` padded with zeros to ``length`` bytes: an empty comment for a removed
    one (every segment is 4 bytes at least).  Padding keeps the distances an MPF index
    counts from itself to the extra images after this image."""
    if not segment or len(segment) > length:
        segment = b"\xff" + bytes([_COM]) + b"\x00\x00"
    return segment[:2] + struct.pack(">H", length - 2) + segment[4:] + bytes(length - len(segment))


class _Joined(io.RawIOBase):
    """``first``, then the rest of ``rest``: read piece by piece, never held whole."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self._first = memoryview(first)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        target = memoryview(buffer).cast("B")
        if self._first:
            size = min(len(target), len(self._first))
            target[:size] = self._first[:size]
            self._first = self._first[size:]
            return size
        data = self._rest.read(len(target))
        target[: len(data)] = data
        return len(data)
