"""``fielddesk visits``: the visit list, read from the replica alone.

Kept out of ``cli.commands`` so that listing the visits, the command run most
often from a terminal, starts without the HTTP stack, the keyring and the sync
engine (``tests/cli/test_import_discipline.py`` pins it).  The visits are read as
plain rows (``sync.store.visit_rows``), each made a record with a Visit's fields
(the ``--json`` output), not as ``Visit`` dataclasses: ``dataclasses`` is not loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cli.context import Context, Output
from cli.text_width import fitted
from sync.local_clock import local_minute
from sync.shown_text import shown_subject, shown_text
from sync.store.visit_rows import VISIT_FIELDS, list_visit_rows, visit_fields

if TYPE_CHECKING:
    import argparse

# Nothing here logs unless something goes wrong: logging is set up when a line is
# written, not at the start (sync.logging_later; cli.__main__ reads this).
LOGS_ONLY_WHEN_WRONG = True


def _visit_line(visit: dict[str, Any]) -> str:
    when = local_minute(visit["visit_start"]) if visit["visit_start"] else "unscheduled"
    marks = ""
    if visit["pending_changes"]:
        marks += f" [{visit['pending_changes']} unsent]"
    if visit["open_conflicts"]:
        marks += f" [{visit['open_conflicts']} conflict]"
    if visit["gone"]:
        marks += " [no longer yours]"
    ident = f"#{visit['id']}" if visit["id"] > 0 else "new"
    site = fitted(_as_shown(visit["site"] or "") or "-", 28)
    subject = shown_subject(visit["subject"])
    return f"{ident:>6}  {when:16}  {visit['status']:9}  {site}  {subject}{marks}"


def _as_shown(text: str) -> str:
    """Text as the terminal will be given it (``cli.terminal.printable``), so that a
    column is fitted to what is shown; most is printable as it is, and left alone."""
    return text if text.isprintable() else shown_text(text)


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    """A listed row as ``dataclasses.asdict`` gives its Visit: its fields by name, in
    order, the requestors a list."""
    record = dict(zip(VISIT_FIELDS, visit_fields(row), strict=True))
    record["requestors"] = list(record["requestors"])
    return record


def cmd_visits(_args: argparse.Namespace, ctx: Context) -> Output:
    visits = [_record(row) for row in list_visit_rows(ctx.replica)]
    text = "\n".join(_visit_line(v) for v in visits) or "No visits on this laptop yet."
    return Output(visits, text)
