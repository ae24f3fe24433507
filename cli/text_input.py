"""Text the user hands the command line: arguments, standard input, a file.

On Linux and macOS the command line arrives as bytes.  Python decodes them as
UTF-8 and keeps bytes that are not UTF-8 as "surrogate escapes", which SQLite
and the helpdesk cannot store: ``bad_argument`` finds such an argument before
anything is saved, and names it.  Note text can also come from standard input
(``-``) or a file (``--file``); it must be UTF-8 text, which the helpdesk
expects, or UTF-16 that starts with its byte order mark (Windows Notepad's
"Unicode", PowerShell 5.1's ``>``), and a few megabytes at most (a log that large
belongs in an attachment).
Like ``git commit -F``, trailing blank space is dropped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MAX_TEXT_BYTES = 2 * 1_048_576
STDIN = "-"


class TextInputError(Exception):
    """Text that cannot be used as given: one line, naming where it came from."""


def bad_argument(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """A one-line complaint about the first argument that is not valid UTF-8, or None.

    Paths (``Path`` values: ``--profile``, ``--file``) are not checked: a file name
    on Linux may be any bytes, and the OS takes them back as they came.
    """
    names = _argument_names(parser, args)
    for dest, value in vars(args).items():
        if isinstance(value, str) and not is_utf8(value):
            raw = value.encode("utf-8", "surrogateescape")
            return (
                f"{names.get(dest, dest)} is not valid UTF-8 text ({_shown(raw)}); "
                "set the terminal or script to UTF-8 and type it again"
            )
    return None


def read_text(source: str | Path, *, what: str) -> str:
    """The UTF-8 text of ``source``: ``-`` for standard input, or a file's path."""
    where = "standard input" if source == STDIN else str(source)
    try:
        if source == STDIN:
            # None: closed (`<&-`), or a windowed program's: nothing to read
            raw = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1) if sys.stdin is not None else b""
        else:
            with Path(source).open("rb") as file:
                raw = file.read(MAX_TEXT_BYTES + 1)
    except OSError as error:
        raise TextInputError(f"cannot read {where}: {error.strerror or error}") from None
    if len(raw) > MAX_TEXT_BYTES:
        raise TextInputError(
            f"{where} holds more than {MAX_TEXT_BYTES // 1_048_576} MB; {what} takes text up "
            "to that size (attach a long log as a file from the window)"
        )
    text = _decoded(raw, where)
    if "\x00" in text:
        raise TextInputError(f"{where} is not text (it holds NUL bytes)")
    # As `git commit -F` does: no byte order mark (Notepad writes one), Windows line
    # ends made plain, and no trailing newline (`echo` adds one).
    return text.removeprefix("\ufeff").replace("\r\n", "\n").rstrip()


def _decoded(raw: bytes, where: str) -> str:
    # UTF-16 only with its byte order mark: without one, nothing tells it from UTF-8.
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise TextInputError(
            f"{where} is not {encoding.upper()} text (byte 0x{raw[error.start]:02x} at "
            f"offset {error.start:,}); save it as UTF-8 and try again"
        ) from None


def is_utf8(value: str) -> bool:
    """False for text holding bytes that were not UTF-8 (surrogate escapes)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(raw: bytes) -> str:
    """The argument as bytes, printable: b'Caf\\xe9' -> Caf\\xe9, shortened."""
    shown = repr(raw)[2:-1]
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _argument_names(parser: argparse.ArgumentParser, args: argparse.Namespace) -> dict[str, str]:
    """dest -> what the user typed it as ('--subject', 'the TEXT argument'), for the
    parser and the sub-commands chosen in ``args`` (another command may reuse a dest)."""
    names: dict[str, str] = {}
    for action in parser._actions:  # argparse keeps no public list of its arguments
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if chosen is not None:
                names.update(_argument_names(chosen, args))
        elif action.option_strings:
            names[action.dest] = action.option_strings[-1]
        else:
            metavar = action.metavar if isinstance(action.metavar, str) else None
            names[action.dest] = f"the {metavar or action.dest.upper()} argument"
    return names
