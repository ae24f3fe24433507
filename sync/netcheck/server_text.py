"""What a checked server says, made safe to show, keep and attach.

An HTTP status line's reason, a ``Location``, a certificate's names, a DNS
answer or an error quoting the server's own bytes are anyone's text: the
check's result carries them into the window, the clipboard, the JSON and the
note on the ticket.  ``shown`` makes such text one inert line, in the check
itself, so every one of those is clean:

- control characters (C0, DEL) are made visible as their symbols (ESC as ␛,
  BEL as ␇), so an escape sequence is seen and never acts; line breaks and
  tabs become spaces;
- C1 controls (0x80-0x9f: 0x9b alone starts a terminal sequence) and lone
  surrogates become �; invisible format marks (the bidirectional overrides
  that reorder text, zero-width characters) are removed;
- the result is at most ``limit`` characters, a longer one ends with "…".

Markup is left as text: every place a result is shown treats it as plain text.
The command line's ``cli.terminal.printable`` drops the same characters for a
terminal (sync cannot import cli).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any

from sync.netcheck.result import ProbeResult

MAX_CHARS = 200  # one server-supplied string: a reason, a Location, a certificate name
MAX_DETAIL = 2000  # a result's detail, made of several of them
_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)} | {0x7F: "\u2421"}
_SPACES = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\u2028\u2029")


def _visible(ch: str) -> str:
    if ch in _SPACES:
        return " "
    category = unicodedata.category(ch)
    if category == "Cc":
        return _PICTURES.get(ord(ch), "\ufffd")  # C1: not worth a picture of its own
    if category == "Cs":
        return "\ufffd"  # a lone surrogate (undecodable bytes): not even storable as UTF-8
    if category == "Cf":
        return ""  # bidi overrides, zero-width marks: they hide or reorder what is shown
    return ch


def shown(text: object, limit: int = MAX_CHARS) -> str:
    """``text`` as one line of plain, inert text, at most ``limit`` characters."""
    kept: list[str] = []
    length, cut = 0, False
    for ch in str(text):
        if length > limit:
            cut = True  # a 64 KB header is not read to the end to show 200 characters
            break
        visible = _visible(ch)
        kept.append(visible)
        length += len(visible)
    line = " ".join("".join(kept).split())
    if cut or len(line) > limit:
        return line[: limit - 1].rstrip() + "…"
    return line


def header_text(text: str) -> str:
    """An HTTP head's text as sent: http.client reads it as Latin-1; UTF-8 when it is."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def _clean_data(value: Any) -> Any:
    if isinstance(value, str):
        return shown(value, MAX_DETAIL)
    if isinstance(value, dict):
        return {shown(k, MAX_CHARS): _clean_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_data(v) for v in value]
    return value


def cleaned(result: ProbeResult) -> ProbeResult:
    """A probe's result with its figure, detail and measurements made safe (``shown``).

    Each probe cleans what a server said where it reads it; this is the last pass
    every result gets before anyone shows it, whatever a probe forgot.
    """
    return replace(
        result,
        figure=shown(result.figure, MAX_CHARS),
        detail=shown(result.detail, MAX_DETAIL),
        data=_clean_data(result.data),
    )
