"""Reading the free-text Contact field: name, phone numbers, e-mail addresses."""

from __future__ import annotations

import re
from typing import NamedTuple

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Digits with spaces, dots, dashes, brackets; optional leading +; at least 6 digits.
PHONE = re.compile(r"\+?\(?\d[\d ()./-]{4,}\d")


class Contact(NamedTuple):
    name: str
    phones: list[str]
    emails: list[str]


def parse_contact(text: str | None) -> Contact:
    """'Julie Marsh, +44 23 9200 1234, julie@x.example' -> name, phones, emails."""
    if not text:
        return Contact("", [], [])
    emails = EMAIL.findall(text)
    rest = EMAIL.sub(" ", text)
    phones = [p.strip() for p in PHONE.findall(rest) if sum(c.isdigit() for c in p) >= 6]
    for phone in phones:
        rest = rest.replace(phone, " ")
    name = " ".join(re.sub(r"[,;|/]+", " ", rest).split())
    return Contact(name, phones, emails)
