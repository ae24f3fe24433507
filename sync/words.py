"""Counts in words: "1 visit", "3 visits" — never "visit(s)"; sizes: "12 KB".

English has two forms; the caller gives both, so irregular words ("1 was
refused", "2 were refused") read right too.  Used by the window, the command
line and the messages the sync writes for them.
"""

from __future__ import annotations

# What each phase of a sync is doing, as the window and `fielddesk sync` say it
# (here, not in sync.report: the window's tool bar needs them before the first paint).
PHASE_WORDS = {
    "push": "sending your changes",
    "pull": "downloading visits",
    "kb": "fetching the knowledge base",
    "files": "fetching files",
}

# Said while an older FieldDesk's replica is updated (``sync.replica.update_replica``):
# behind the window's progress window, and on the terminal before a command's output.
UPDATING_REPLICA = (
    "Updating this profile's local data for the new version of FieldDesk…\n"
    "This is done once; with a large knowledge base it can take a minute."
)


def plural(n: int, one: str, many: str) -> str:
    """The count and the word that goes with it: plural(1, "visit", "visits") == "1 visit"."""
    return f"{n:,} {one if n == 1 else many}"


def size_text(chars: int) -> str:
    """A text's size as a technician reads it: "12 KB", "3.4 MB" (never "0 KB")."""
    if chars >= 1_000_000:
        return f"{chars / 1_000_000:.1f} MB"
    return f"{max(chars // 1000, 1)} KB"
