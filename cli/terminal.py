"""Text for a terminal: nothing a ticket says can drive it.

Subjects, bodies, names and the helpdesk's messages reach the terminal as
they were written.  An escape sequence among them is an instruction to the
terminal: set the window title, write the clipboard (OSC 52), move the cursor
and overwrite a line, or on some terminals worse.  ``printable`` drops every
control character but tab and newline (C0, DEL and C1, where 0x9b alone starts a
sequence) and the invisible marks that reorder text (bidirectional overrides).
``--json`` output is left exact: JSON escapes control characters itself.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _CONTROLS.sub("", text)
