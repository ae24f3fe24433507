"""Files from the helpdesk are files from strangers: what may open at a click.

Anyone can e-mail a queue ``invoice.pdf.exe``, a ``.lnk`` or an ``.hta``.  The
operating system opens a file by its real (last) extension, whatever the name
looks like, so only documents and pictures (``OPENS_DIRECTLY``) open at once;
for anything else the panel asks, naming the real extension.  Names for copies
and the "from the internet" mark are ``sync.downloaded_files``'s, shared with
the command line's ``fielddesk file save``.
"""

from __future__ import annotations

from pathlib import Path

# The window's callers import these from here; they live in sync for the command line too.
from sync.downloaded_files import display_name as display_name  # noqa: PLC0414 - re-export
from sync.downloaded_files import mark_from_internet as mark_from_internet  # noqa: PLC0414
from sync.downloaded_files import safe_base_name as safe_base_name  # noqa: PLC0414

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


def real_extension(path: Path | str) -> str:
    """The extension the operating system goes by ('' when there is none)."""
    return Path(path).suffix.lower()


def opens_directly(path: Path | str) -> bool:
    return real_extension(path) in OPENS_DIRECTLY


def runs_code(path: Path | str) -> bool:
    return real_extension(path) in RUNS_CODE
