"""A stranger's text as it can be shown: what it says, in the order it was written.

Subjects, addresses, contacts and bodies come from anyone who can mail the helpdesk.
Invisible characters among them change what the screen shows: a right-to-left
override (U+202E) makes "+44 <RLO>4321" read "+44 1234", a wrong number to dial, and
"<RLO>fdp.exe" read "exe.pdf"; embeddings, isolates and direction marks move digits
and words about; zero-width and other format characters hide inside words; control
characters draw as boxes or drive a terminal.  ``shown_text`` removes them all, and
keeps what a reader needs: letters of every script (Arabic and Hebrew names read
right to left by themselves, with no override), tabs and line breaks, and the
zero-width joiners between two characters that Persian words and emoji sequences
are written with.  The same characters as ``cli.terminal.printable`` and the
window's ``display_name`` for file names, and more (format characters of every kind).
"""

from __future__ import annotations

import re

_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner
# Every control (Cc) but tab, line feed and carriage return; every format character
# (Cf: direction marks, embeddings, overrides, isolates, zero-width space, word
# joiner, soft hyphen, byte-order mark, tags…) but the joiners; lone surrogates.
# Listed, not looked up with unicodedata: a regular expression cleans a 5 MB body in
# milliseconds (tests/sync/test_shown_text.py checks the list against Unicode).
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]+"
)
# A joiner joins two characters; elsewhere (at a word's edge, several in a row) it
# only hides: "pay<ZWJ> pal" reads like "pay pal".
_STRAY_JOINERS = re.compile(
    f"(?<!\\S)[{_JOINERS}]+|[{_JOINERS}]+(?!\\S)|(?<=[{_JOINERS}])[{_JOINERS}]+"
)


def shown_text(text: str) -> str:
    """text without the characters that hide or reorder what it says (see the module)."""
    cleaned = _HIDDEN.sub("", text)
    if "\u200c" in cleaned or "\u200d" in cleaned:
        cleaned = _STRAY_JOINERS.sub("", cleaned)
    return cleaned


def isolated(text: str) -> str:
    """A stranger's words, shown, set apart from the words FieldDesk puts around them
    (a first-strong isolate): a Hebrew subject neither turns its line right to left
    ("#45" at the far end) nor swaps a site and an address joined by " · "."""
    return f"\u2068{shown_text(text)}\u2069"


NO_SUBJECT = "(no subject)"


def shown_subject(subject: str | None) -> str:
    """A visit's subject as shown: one that RT holds empty, or holding only hidden
    characters, reads "(no subject)" rather than a blank a technician cannot point at."""
    return shown_text(subject or "").strip() or NO_SUBJECT
