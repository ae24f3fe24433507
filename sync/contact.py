"""Reading the free-text Contact field: name, phone numbers, e-mail addresses."""

from __future__ import annotations

import re
from typing import NamedTuple

# An address is found from its "@": the local part before it, the domain after.  A
# pattern starting with the local part would be tried from every character of a long
# word with no "@" (a 40 KB Contact field took 19 s, the window frozen meanwhile).
_LOCAL_CHAR = re.compile(r"[\w.+-]")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
# Digits with spaces, dots, dashes, brackets; optional leading +; at least 6 digits.
PHONE = re.compile(r"\+?\(?\d[\d ()./-]{4,}\d")
_PHONE_TAIL = re.compile(r"[\d ()./-]*\Z")  # what could still be part of a number, to the end
_SEPARATORS = re.compile(r"[,;|/]+")
# Read at most this much of a Contact field: a name, a few numbers and addresses take a
# few hundred characters; the rest of a huge one would only make a huge "name".  A number
# or address the cut goes through is left out.
CONTACT_MAX = 10_000


class Contact(NamedTuple):
    name: str
    phones: list[str]
    emails: list[str]


def parse_contact(text: str | None) -> Contact:
    """'Julie Marsh, +44 23 9200 1234, julie@x.example' -> name, phones, emails."""
    if not text:
        return Contact("", [], [])
    cut = len(text) > CONTACT_MAX
    text = text[:CONTACT_MAX]
    spans = _email_spans(text)
    if cut and spans and spans[-1][1] == len(text):
        spans.pop()  # its domain may go on past the cut: not an address to write to
    emails = [text[start:end] for start, end in spans]
    gaps = zip(
        [0] + [end for _, end in spans], [start for start, _ in spans] + [len(text)], strict=True
    )
    no_emails = " ".join(text[start:end] for start, end in gaps)
    phones: list[str] = []

    def take_phone(found: re.Match[str]) -> str:
        if sum(c.isdigit() for c in found[0]) < 6:
            return found[0]
        if cut and _PHONE_TAIL.match(no_emails, found.end()):
            return found[0]  # it may go on past the cut: a number to call must be whole
        phones.append(found[0].strip())
        return " "

    rest = PHONE.sub(take_phone, no_emails)
    name = " ".join(_SEPARATORS.sub(" ", rest).split())
    return Contact(name, phones, emails)


def _email_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each address, as a left-to-right search for
    ``[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+`` finds them, in time linear in the text: each
    character is read once going back from an "@" and once by a domain."""
    spans: list[tuple[int, int]] = []
    searched_from = 0  # after the last address found: the next starts no earlier
    at = text.find("@")
    while at != -1:
        start = at
        while start > searched_from and _LOCAL_CHAR.match(text, start - 1):
            start -= 1
        domain = _DOMAIN.match(text, at + 1)
        if start < at and domain:
            spans.append((start, domain.end()))
            searched_from = domain.end()
            at = text.find("@", searched_from)
        else:
            at = text.find("@", at + 1)
    return spans
