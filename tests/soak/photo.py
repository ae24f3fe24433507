"""``python -m tests.soak.photo PROFILE TICKET TEXT``: a note with a site photo attached.

The command line has no photo option; the window attaches a picture with exactly
these two calls (import the file durably into the profile, then the note that
carries it), so a soak technician takes a photo through them in its own process.
"""

from __future__ import annotations

import sys
import zlib
from pathlib import Path

from sync import outbox
from sync.attachments import import_bytes
from sync.profile import Profile
from sync.session import Session


def tiny_png(seed: str) -> bytes:
    """A valid 1x1 PNG whose pixel depends on seed (each photo differs)."""
    pixel = zlib.crc32(seed.encode()).to_bytes(4, "big")[:3]

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" + pixel))
        + chunk(b"IEND", b"")
    )


def photo_name(text: str) -> str:
    """The file name of the photo a note's text carries (its marker is in the text)."""
    return "site-" + "".join(c for c in text if c.isalnum())[-24:] + ".png"


def main(argv: list[str]) -> int:
    profile_dir, ticket, text = argv
    session = Session(Profile(Path(profile_dir)))
    try:
        picture = import_bytes(session.profile.attachments_dir, tiny_png(text), photo_name(text))
        outbox.add_note(session.db, int(ticket), text, author=session.user, attachments=[picture])
    finally:
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
