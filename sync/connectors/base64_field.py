"""A file that arrives as one base64 string inside a JSON record, decoded as it arrives.

RT serves an attachment only as ``{"Content": "<base64>", ...}``.  Parsing the whole
reply held the JSON, its text, the base64 string and the file at once: about five
times the file, so a 2 GB scan needed 10 GB.  Here the reply is read once, in the
chunks the network gives: the JSON around the field is only walked (its strings
skipped, its nesting counted), and the field's base64 is decoded as it comes into
the file's bytes.  What is held is the file and one chunk (and, for a moment at the
end, a second copy of the file as ``bytes``).
"""

from __future__ import annotations

import binascii
import re

from sync.errors import BadReplyError, DownloadTooLarge

# Outside a string: the next token (a number, true, false and null are skipped whole).
# Inside one: its end or an escape.
_TOKEN = re.compile(rb'[{}\[\]",:]|[-+.0-9A-Za-z]+')
_OPENING = {ord("}"): ord("{"), ord("]"): ord("[")}
_STRING_STOP = re.compile(rb'["\\]')
# Escapes a JSON encoder may put in base64 text: line breaks (MIME's 76-character
# lines) and an escaped slash.
_IN_BASE64 = {ord("n"): b"", ord("r"): b"", ord("t"): b"", ord("/"): b"/"}


def _unreadable() -> BadReplyError:
    return BadReplyError("the helpdesk sent a file we cannot read")


class Base64Field:
    """A writable sink for the reply; ``value()`` is the decoded field once it has all."""

    def __init__(self, key: str, max_bytes: int) -> None:
        self._key = key.encode()
        self._max_bytes = max_bytes
        self._open = bytearray()  # the brackets open around where we are
        self._in_string = False
        self._escaped = False  # the last chunk ended inside an escape
        self._expect_key = False  # the next string at the top level names a field
        self._string = bytearray()  # a top-level key being read (keys are short)
        self._reading_key = False
        self._value_of_key = False  # the key just read is ours: its value is next
        self._in_field = False
        self._seen_field = False
        self._colon = False  # the ":" after our field's name was read
        self._closed = False  # the record's last "}" was read
        self._carry = bytearray()  # base64 characters not yet a multiple of four
        self._decoded = bytearray()

    def write(self, chunk: bytes) -> int:
        view = bytes(chunk)
        at = 0
        while at < len(view):
            at = self._field(view, at) if self._in_field else self._around(view, at)
        return len(chunk)

    def value(self) -> bytes:
        """The field's bytes; BadReplyError unless a whole record with it arrived."""
        if not self._seen_field or self._in_field or self._open or self._in_string:
            raise _unreadable()
        self._decode(final=True)
        whole = bytes(self._decoded)  # two copies for a moment, then one
        self._decoded.clear()
        return whole

    def _around(self, view: bytes, at: int) -> int:
        """Walk the JSON outside our field; returns where to go on."""
        if self._in_string:
            return self._skip_string(view, at)
        found = _TOKEN.search(view, at)
        if found is None:
            return len(view)
        char = view[found.start()]
        if self._closed or (self._value_of_key and char not in b':"'):
            raise _unreadable()  # text after the record, or our field not a string
        if char == ord('"'):
            if self._value_of_key:
                if not self._colon:
                    raise _unreadable()
                self._value_of_key = self._colon = False
                self._in_field = self._seen_field = True
                return found.end()
            self._in_string = True
            self._reading_key = len(self._open) == 1 and self._expect_key
            self._string.clear()
        elif char in b"{[":
            self._open.append(char)
            self._expect_key = char == ord("{")
        elif char in b"}]":
            if not self._open or self._open.pop() != _OPENING[char]:
                raise _unreadable()
            self._closed = not self._open
        elif char == ord(":"):
            self._expect_key = False
            self._colon = self._value_of_key
        elif char == ord(","):
            self._expect_key = len(self._open) == 1
        elif not self._open:
            raise _unreadable()  # a record is an object
        return found.end()

    def _skip_string(self, view: bytes, at: int) -> int:
        if self._escaped:
            self._escaped = False
            return at + 1  # the escaped character (a \\u's digits are plain text)
        found = _STRING_STOP.search(view, at)
        end = len(view) if found is None else found.start()
        if self._reading_key and len(self._string) <= len(self._key):
            self._string += view[at:end]
        if found is None:
            return len(view)
        if view[end] == ord("\\"):
            if self._reading_key:  # RT writes its field names plainly: a reply that does not
                raise _unreadable()  # might name ours so that a JSON parser reads it
            if end + 1 < len(view):
                return end + 2
            self._escaped = True
            return len(view)
        self._in_string = False
        if self._reading_key:
            self._value_of_key = bytes(self._string) == self._key
            self._reading_key = False
            if self._value_of_key and self._seen_field:
                raise _unreadable()  # two of our field: which one is the file?
        return found.end()

    def _field(self, view: bytes, at: int) -> int:
        """Take base64 text of our field until its closing quote."""
        if self._escaped:
            self._escaped = False
            self._base64(_escape(view[at]))
            return at + 1
        found = _STRING_STOP.search(view, at)
        end = len(view) if found is None else found.start()
        self._base64(view[at:end])
        if found is None:
            return len(view)
        if view[end] == ord('"'):
            self._in_field = False
            return end + 1
        if end + 1 < len(view):
            self._base64(_escape(view[end + 1]))
            return end + 2
        self._escaped = True
        return len(view)

    def _base64(self, text: bytes) -> None:
        self._carry += text
        if len(self._carry) >= 65536:
            self._decode(final=False)

    def _decode(self, *, final: bool) -> None:
        whole = len(self._carry) if final else len(self._carry) // 4 * 4
        try:
            self._decoded += binascii.a2b_base64(self._carry[:whole], strict_mode=True)
        except binascii.Error:
            raise BadReplyError("the helpdesk sent a file we cannot decode") from None
        del self._carry[:whole]
        if len(self._decoded) > self._max_bytes:
            raise DownloadTooLarge(
                f"the file is more than the {self._max_bytes / 1_048_576:.1f} MB expected; "
                "it was not kept"
            )


def _escape(char: int) -> bytes:
    try:
        return _IN_BASE64[char]
    except KeyError:
        raise BadReplyError("the helpdesk sent a file we cannot decode") from None
