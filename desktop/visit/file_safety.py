"""Files from the helpdesk are files from strangers: what may open at a click.

Anyone can e-mail a queue ``invoice.pdf.exe``, a ``.lnk`` or an ``.hta``.  The
operating system opens a file by its real (last) extension, whatever the name
looks like, so only documents and pictures (``OPENS_DIRECTLY``) open at once;
for anything else the panel asks, naming the real extension.  Downloaded files
are marked as coming from the internet where the OS has such a mark, so its
own protections (SmartScreen, Office Protected View, Gatekeeper) apply too.
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

# Documents and pictures: their programs show them, never run them (no macros:
# .docm/.xlsm and the like are not here).
OPENS_DIRECTLY = frozenset(
    {".pdf", ".txt", ".log", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif"}
    | {".tiff", ".heic", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}
)
# Extensions that run something when opened, named as such in the question.
RUNS_CODE = frozenset(
    {".exe", ".com", ".scr", ".pif", ".bat", ".cmd", ".msi", ".msp", ".ps1", ".psm1", ".vbs"}
    | {".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".lnk", ".url", ".cpl", ".msc", ".reg"}
    | {".jar", ".desktop", ".sh", ".run", ".appimage", ".command", ".app", ".pkg", ".dmg"}
    | {".deb", ".rpm", ".py", ".pl", ".iso", ".img", ".vhd", ".vhdx", ".docm", ".xlsm"}
    | {".pptm", ".xlam", ".chm", ".library-ms", ".settingcontent-ms", ".appref-ms"}
)
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{port}{n}" for port in ("COM", "LPT") for n in range(10)}
)
_NOT_IN_NAMES = re.compile(r'[<>:"/\\|?*]')
NAME_MAX = 120


def display_name(name: str) -> str:
    """A file name as it can be shown: no control or direction-changing characters
    (U+202E turns ``annexe.pdf`` into ``fdp.exenna``-looking text)."""
    return "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf")) or "?"


def safe_base_name(name: str) -> str:
    """What "Save as…" proposes: the last part of the name only, nothing that names
    a folder, a device or a stream, no control characters, at most NAME_MAX long."""
    base = display_name(re.split(r"[\\/]", name)[-1])
    base = _NOT_IN_NAMES.sub("_", base).strip(" .")
    if base.split(".")[0].upper() in _WINDOWS_DEVICES:
        base = "_" + base
    if len(base) > NAME_MAX:
        _stem, dot, extension = base.rpartition(".")
        keep = extension if dot and len(extension) <= 16 else ""
        base = base[: NAME_MAX - len(keep) - 1].rstrip(" .") + (f".{keep}" if keep else "")
    return base or "file"


def real_extension(path: Path | str) -> str:
    """The extension the operating system goes by ('' when there is none)."""
    return Path(path).suffix.lower()


def opens_directly(path: Path | str) -> bool:
    return real_extension(path) in OPENS_DIRECTLY


def runs_code(path: Path | str) -> bool:
    return real_extension(path) in RUNS_CODE


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
    import ctypes  # noqa: PLC0415 - macOS only, at a download: not with the window

    libc = ctypes.CDLL(None, use_errno=True)
    value = quarantine_value()
    name = b"com.apple.quarantine"
    if libc.setxattr(os.fsencode(path), name, value, len(value), 0, 0) != 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error), str(path))
