"""The replica's timestamps: UTC to the second, "2026-11-23T09:00:00Z".

Read with ``datetime.fromisoformat``, not ``strptime``: ``strptime``'s first call
imports ``_strptime`` and builds its locale's tables and patterns (~5 ms), and the
window read one such stamp before its first paint (the last sync's time).
"""

from __future__ import annotations

from datetime import UTC, datetime

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_stamp(text: str) -> datetime:
    """The moment of a replica timestamp, in UTC; ValueError for anything else."""
    if len(text) != len("2026-11-23T09:00:00Z") or text[10] != "T" or text[-1] != "Z":
        raise ValueError(f"not a replica timestamp: {text!r}")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
