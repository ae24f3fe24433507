"""The history in the groups it reads in: runs of link lines, and mail loops.

A mail loop (an auto-responder answering the helpdesk's auto-reply) leaves
thousands of near-identical messages from one stranger on a ticket; read as one
line, they leave room for what the technician must see.  No Qt here: plain rules
over the replica's history entries, for the conversation to draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sync.history_words import MESSAGE_WORDS
from sync.link_targets import LINK_TYPES
from sync.store.tickets import HistoryEntry

LOOP_MIN = 5  # near-identical messages in a row from one stranger that fold into one line
GIST_END = 1_000  # characters of each end of a long body compared to tell copies apart
_DIGITS = b"0123456789"
FIELD_TYPES = {"Status", "Set", "CustomField", "Give", "Take", "Steal", "Force"}


class Group(NamedTuple):
    """Entries read as one: a run of link lines, a run of near-identical messages
    (``loop``), or one entry (``one``).  Indexes into the history, oldest first."""

    kind: str  # "one", "links" or "loop"
    indexes: list[int]


def is_message(entry: HistoryEntry) -> bool:
    return entry.type in MESSAGE_WORDS and bool(entry.body or entry.id is None)


def is_shown(entry: HistoryEntry) -> bool:
    """Whether the entry draws anything (RT records mail sent, too: not a line here)."""
    return is_message(entry) or entry.type in FIELD_TYPES or entry.type in LINK_TYPES


def ours(entry: HistoryEntry, customers: frozenset[str] = frozenset()) -> bool:
    """Written by the helpdesk's people, not by whoever mailed it: a note written here,
    an internal note, or a colleague's login (RT names a stranger after the address
    they wrote from; ``customers``: the customer's, casefolded)."""
    if entry.id is None or entry.type == "Comment":
        return True
    creator = entry.creator or ""
    return "@" not in creator and creator.casefold() not in customers


def _gist(body: str) -> bytes:
    """What two copies of one automatic reply share: their digits (reference, date,
    time) left out.  Both ends of a long body, which is compared by its length too.
    Bytes: 1 µs a message, where a regular expression took 20 (3 000 of them)."""
    text = body if len(body) <= 2 * GIST_END else body[:GIST_END] + body[-GIST_END:]
    return text.encode("utf-8", "surrogatepass").translate(None, _DIGITS)


def _alike(a: str, b: str, gists: dict[int, bytes], ia: int, ib: int) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 40 + max(len(a), len(b)) // 10:
        return False
    for index, body in ((ia, a), (ib, b)):
        if index not in gists:
            gists[index] = _gist(body)
    return gists[ia] == gists[ib]


def history_groups(
    entries: Sequence[HistoryEntry], customers: frozenset[str] = frozenset()
) -> list[Group]:
    """The history in the groups it reads in, oldest first; entries that draw nothing
    left out.  A run of consecutive link lines is one group; so is a run of at least
    LOOP_MIN near-identical messages from one stranger (a mail loop: an auto-responder
    answering the helpdesk's auto-reply), whatever draws nothing between them.  Never
    a message of ours: a colleague's note always shows."""
    groups: list[Group] = []
    gists: dict[int, bytes] = {}
    count = len(entries)
    index = 0
    while index < count:
        entry = entries[index]
        if entry.type in LINK_TYPES:
            end = index
            while end < count and entries[end].type in LINK_TYPES:
                end += 1
            groups.append(Group("links" if end - index > 1 else "one", list(range(index, end))))
            index = end
            continue
        if not is_shown(entry):
            index += 1
            continue
        run = _loop_from(entries, index, gists, customers)
        if len(run) >= LOOP_MIN:
            groups.append(Group("loop", run))
            index = run[-1] + 1
            continue
        groups.append(Group("one", [index]))
        index += 1
    return groups


def _loop_from(
    entries: Sequence[HistoryEntry],
    first: int,
    gists: dict[int, bytes],
    customers: frozenset[str],
) -> list[int]:
    """The messages alike to ``entries[first]`` that follow it, from the same stranger."""
    entry = entries[first]
    if not is_message(entry) or ours(entry, customers):
        return [first]
    run = [first]
    for index in range(first + 1, len(entries)):
        other = entries[index]
        if not is_shown(other):
            continue
        if (
            other.type != entry.type
            or other.creator != entry.creator
            or not is_message(other)
            or ours(other, customers)
            or not _alike(entry.body or "", other.body or "", gists, first, index)
        ):
            break
        run.append(index)
    return run
