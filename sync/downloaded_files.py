"""Files from the helpdesk, written where the user can open them: names and marks.

Anyone can e-mail a queue a file, so its name is a stranger's: the operating
system goes by the last extension, and on Windows ``CON.pdf`` names a device,
not a file.  ``safe_base_name`` is the name a saved copy gets (window and
command line alike), and ``mark_from_internet`` gives the copy the mark browsers
give downloads, so the OS's own protections (SmartScreen, Office Protected
View, Gatekeeper) apply too.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
import unicodedata
from pathlib import Path

log = logging.getLogger(__name__)

NAME_MAX = 120
# Longer "extensions" are words after a dot, not types any program is chosen by.
_EXTENSION_MAX = 16
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


def display_name(name: str) -> str:
    """A file name as it can be shown: no control or direction-changing characters
    (U+202E turns ``annexe.pdf`` into ``fdp.exenna``-looking text)."""
    return "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")) or "?"


def shortened(name: str, limit: int = NAME_MAX) -> str:
    """``name`` at most ``limit`` long, cut in its stem so that its real (last)
    extension stays: ``AAA….exe.pdf`` must not become ``AAA….exe``.  A name whose
    extension is too long to keep loses its dots, so the cut makes no new one."""
    if len(name) <= limit:
        return name
    _stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= _EXTENSION_MAX:
        return name[: limit - len(extension) - 1].rstrip(" .") + f".{extension}"
    return name[:limit].replace(".", "_").rstrip(" ")


def safe_base_name(name: str) -> str:
    """What a saved copy is called: the last part of the name only, nothing that
    names a folder, a device or a stream, no control characters, at most NAME_MAX long."""
    base = display_name(re.split(r"[\\/]", name)[-1])
    base = _NOT_IN_NAMES.sub("_", base).strip(" .")
    # Windows ignores what follows the first dot, and spaces before it: "con .pdf" too.
    if base.split(".")[0].rstrip(" ").upper() in _WINDOWS_DEVICES:
        base = "_" + base
    return shortened(base) or "file"


# -- the operating system's "from the internet" mark ----------------------------------
def mark_from_internet(path: Path, source_url: str | None) -> bool:
    """Mark a downloaded file as the browsers do; False where the OS or the disk has
    no such mark.  Never fails the download: a missing mark is logged."""
    try:
        if sys.platform == "win32":
            _zone_identifier(path, source_url)
        elif sys.platform == "darwin":
            _quarantine(path)
        elif hasattr(os, "setxattr"):
            # Linux has no enforced mark; this is what browsers write (provenance).
            os.setxattr(path, "user.xdg.origin.url", (source_url or "").encode())
        else:
            return False
    except OSError as error:
        log.info("could not mark %s as downloaded: %s", path.name, error.strerror)
        return False
    return True


def zone_identifier_text(source_url: str | None) -> str:
    """Windows' Mark of the Web: zone 3 is the internet."""
    lines = ["[ZoneTransfer]", "ZoneId=3"]
    if source_url:
        lines.append(f"HostUrl={source_url}")
    return "\r\n".join(lines) + "\r\n"


def _zone_identifier(path: Path, source_url: str | None) -> None:
    # An NTFS alternate data stream: "file:Zone.Identifier".
    with open(f"{path}:Zone.Identifier", "w", encoding="ascii", errors="replace") as stream:
        stream.write(zone_identifier_text(source_url))


def quarantine_value(now: float | None = None) -> bytes:
    """macOS' com.apple.quarantine attribute: flags; time (hex); the app that downloaded."""
    return f"0081;{int(now if now is not None else time.time()):08x};FieldDesk;".encode()


def _quarantine(path: Path) -> None:
    import ctypes  # noqa: PLC0415 - macOS only, at a download: not at start-up

    libc = ctypes.CDLL(None, use_errno=True)
    value = quarantine_value()
    name = b"com.apple.quarantine"
    if libc.setxattr(os.fsencode(path), name, value, len(value), 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error), str(path))
