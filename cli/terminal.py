"""Text for a terminal: nothing a ticket says can drive it.

Subjects, bodies, names and the helpdesk's messages reach the terminal as
they were written.  An escape sequence among them is an instruction to the
terminal: set the window title, write the clipboard (OSC 52), move the cursor
and overwrite a line, or on some terminals worse.  ``printable`` drops every
control character but tab and newline (C0, DEL and C1, where 0x9b alone starts a
sequence; a carriage return would let a line overwrite the one before) and, as the window
does (``sync.shown_text``), the invisible characters that reorder or hide text
(bidirectional overrides, zero-width spaces, word joiners).
``--json`` output is left exact: JSON escapes control characters itself.
"""

from __future__ import annotations

from typing import TextIO

from sync.shown_text import shown_text


def printable(text: str) -> str:
    return shown_text(text).replace("\r", "")


def on_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal; a closed one (`2>&-`) or a windowed program's
    is None and is not."""
    return stream is not None and stream.isatty()
