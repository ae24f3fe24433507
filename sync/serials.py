"""A serial number as typed or as a handheld USB scanner sends it.

A scanner "types" the label's characters and then Enter (some a Tab, some a
carriage return too); labels are printed in capitals but typed in any case.
The desktop's serial boxes and the CLI call ``normalise_serial`` on what they
receive before searching or saving.
"""

from __future__ import annotations

import re
import unicodedata

# Catalogs whose serials are case-insensitive and kept in capitals (manufacturer
# serials); others (licence keys, subscription ids) are kept as typed.
UPPERCASE_CATALOGS = frozenset({"Field Equipment", ""})
_SPACES = re.compile(r"\s+")


def normalise_serial(typed: str, catalog: str = "Field Equipment") -> str:
    """Trim what surrounds the serial (the scanner's Enter/Tab, spaces), drop control
    characters, fold inner runs of spaces to one; capitals where the catalog says so."""
    text = "".join(ch for ch in typed if not _is_control(ch) or ch in "\t\r\n ")
    text = _SPACES.sub(" ", text).strip()
    text = unicodedata.normalize("NFKC", text)
    return text.upper() if catalog in UPPERCASE_CATALOGS else text


def scanned_lines(keystrokes: str, catalog: str = "Field Equipment") -> list[str]:
    """Several scans in a row (each ended by Enter) as separate serials."""
    return [
        s for s in (normalise_serial(p, catalog) for p in re.split(r"[\r\n]+", keystrokes)) if s
    ]


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf")
