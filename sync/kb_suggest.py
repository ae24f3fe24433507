"""What the knowledge base is searched for on a visit's behalf, before anything is typed.

The visit's subject says the symptom ("Front-desk printer jams on every second
page"); the request that opened it often quotes what the screen showed
("13.B2.D1", "0x0000011b"), and an article about that code is the likeliest fix.
The codes are picked out of the request by their shape; a code the KB does not
hold only fails to match (the search ranks by the words the KB has).
"""

from __future__ import annotations

import re

# A device or OS error code: dotted ("13.B2.D1", "49.4C02", "169.254") or hex ("0x0000011b"),
# standing alone (not inside a longer word, a version string or an address).
_CODE = re.compile(
    r"(?<![\w.])(?:0x[0-9a-f]{4,16}|[0-9]{1,3}(?:\.[0-9a-z]{1,5}){1,3})(?![\w.])",
    re.IGNORECASE | re.ASCII,
)
MOST_CODES = 3


def codes_in(text: str) -> list[str]:
    """The first few error codes quoted in text, each once, in order."""
    found = dict.fromkeys(match.group(0) for match in _CODE.finditer(text))
    return list(found)[:MOST_CODES]


def suggestion_query(subject: str, request: str) -> tuple[str, list[str]]:
    """The search for a visit: its subject and the codes its request quotes that the
    subject does not; the codes are returned too, to say what was searched for."""
    extra = [code for code in codes_in(request) if code.casefold() not in subject.casefold()]
    return " ".join([subject, *extra]).strip(), extra
