"""What the log must never hold, kept out of it whoever writes the line.

The log file is for support and may be copied or mailed; the helpdesk's replies
and the technician's secrets are not for it.  Code that logs names what failed
(kinds, statuses, row numbers), but an error's text can carry more: RT's error
messages quote what was sent (a note, a customer's name), and a secret can end
up in an exception's text.  So the texts that must not appear are *withheld*
when they are met (the helpdesk's messages as replies are judged, the token or
password as credentials are made) and ``Redactor``, a filter on the profile's
log handler, replaces them in every record before it is written.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

SHORTEST = 4  # shorter texts ("OK", "404") would blank out harmless words
REMEMBERED = 256  # the newest texts withheld; older ones are long gone from any error

_lock = threading.Lock()
_withheld: OrderedDict[str, str] = OrderedDict()


def withhold(text: str | None, what: str) -> None:
    """Never let ``text`` into the log; ``what`` says what stood there ("a token")."""
    if not text or len(text.strip()) < SHORTEST:
        return
    with _lock:
        _withheld[text] = what
        _withheld.move_to_end(text)
        while len(_withheld) > REMEMBERED:
            _withheld.popitem(last=False)


def redact(text: str) -> str:
    """``text`` with every withheld text replaced by what it was ("<a token>")."""
    with _lock:
        withheld = sorted(_withheld.items(), key=lambda item: -len(item[0]))
    for secret, what in withheld:
        if secret in text:
            text = text.replace(secret, f"<{what}>")
    return text


class Redactor(logging.Filter):
    """Formats the record's message, redacted, so no argument carries a secret through."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True
