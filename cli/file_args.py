"""The ``fielddesk files`` and ``fielddesk file save`` arguments (handlers:
cli.file_commands).  Kept apart so building the parser imports nothing heavy."""

from __future__ import annotations

from typing import Any

from cli.dispatch_args import AddCommand

H = "cli.file_commands:"  # where the handlers live


def add_parsers(sub: Any, command: AddCommand) -> None:
    """Add ``files ID`` and ``file save KEY PATH``."""
    listing = command(sub, "files", f"{H}cmd_files", "a visit's files (photos, reports, …)")
    listing.add_argument("id", type=int, help="the visit")
    top = sub.add_parser("file", help="one of a visit's files")
    actions = top.add_subparsers(dest="file_command", metavar="ACTION", required=True)
    save = command(
        actions,
        "save",
        f"{H}cmd_file_save",
        "write a readable copy where you say (downloaded first if needed)",
    )
    save.add_argument("key", type=int, help="the file's number, as 'fielddesk files' lists it")
    save.add_argument("path", help="where to write it (a folder: under the file's own name)")
    save.add_argument("--force", action="store_true", help="replace an existing file")
