"""What a technician can do with a note RT refused because the ticket is not theirs any more.

"Retry" fails again and "discard" loses the work.  Instead the note can go:

- **as a comment anyway**: RT may still let the technician comment (a queue
  or group right); if it refuses that too, the row says so;
- **to a new ticket** in the same queue that refers to the old one, carrying
  the note's text, time worked and files (the ``new_ticket`` kind: exactly
  once by its Client Ticket Id);
- **to a file** (Markdown: the note, its ticket, time, who, when, its files
  copied beside it), written durably where the user chooses.

The file is open to every unsent note, refused or not (``exportable``): its
author may never sign in again (account disabled, token revoked, gone), and a
file sends nothing, so it can never put the note on a ticket twice.

Each is one local transaction, like every other action.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sync import file_vault
from sync.attachments import safe_file_name, write_durably
from sync.changes import new_ticket
from sync.changes.note import KIND as NOTE_KIND
from sync.changes.note import MAYBE_DELIVERED, SENT_ANYWAY, TAKEN_AWAY
from sync.errors import Cause
from sync.private_files import private_new_dirs
from sync.store import tickets
from sync.store.database import transaction
from sync.store.outbox import (
    OPEN_STATES,
    InvalidChange,
    OutboxRow,
    get_row,
    in_doubt,
    now_iso,
    retry,
    rows,
    set_payload,
)

if TYPE_CHECKING:
    import sqlite_utils

Choice = Literal["as_comment", "to_new_ticket", "export"]
# Fields of the old ticket the new one keeps: the same customer and place.
SAME_PLACE = ("site", "address", "contact")
# Refusals of the sign-in, not of the note: the account stopped it, not the text.
SIGN_IN_REFUSED = frozenset(
    {Cause.TOKEN_REFUSED, Cause.PASSWORD_REFUSED, Cause.CSRF, Cause.WRONG_USER}
)


def choices_for(row: OutboxRow) -> tuple[Choice, ...]:
    """What may be done with this row besides retry and discard (nothing for most rows)."""
    if row.kind != NOTE_KIND.name or row.state != "rejected":
        return ()
    if row.error_cause == Cause.HELPDESK_FAILING:
        return ("export",)  # not on the helpdesk, which fails on it: kept in a file
    if row.error_cause not in TAKEN_AWAY:
        return ()
    if row.payload.get(MAYBE_DELIVERED):
        return ("export",)  # it may be on the old ticket: a new ticket could hold it twice
    # A comment is worth trying on a ticket given away (a queue right may
    # still allow it) or for a reply refused for a missing reply right; not for
    # a comment refused for a missing comment right.
    tried = bool(row.payload.get(SENT_ANYWAY))  # refused as a comment already
    if not tried and (row.error_cause == Cause.REASSIGNED or row.payload.get("public")):
        return ("as_comment", "to_new_ticket", "export")
    return ("to_new_ticket", "export")


def can_go_another_way(row: OutboxRow) -> bool:
    """A comment anyway or a new ticket is offered: the note may still reach the helpdesk."""
    return any(choice != "export" for choice in choices_for(row))


def exportable(row: OutboxRow) -> bool:
    """Any unsent note may be kept in a file, whatever ``choices_for`` offers besides."""
    return row.kind == NOTE_KIND.name and row.state != "done"


def not_sent_because(row: OutboxRow) -> str:
    """Why the note is still on this laptop, in the words of what its row records."""
    said = row.last_error or ""
    if row.state not in OPEN_STATES:  # refused: the helpdesk's own words
        if row.error_cause in SIGN_IN_REFUSED:
            return "the sign-in failed" + (f": {said}" if said else "")
        return said or "refused by the helpdesk"
    if in_doubt(row) or row.payload.get(MAYBE_DELIVERED):
        waiting = "it was sent but no answer came back, so it may already be on the ticket"
    else:
        waiting = "it was waiting to be sent"
    return waiting + (f" (last try: {said})" if said else "")


@dataclass(frozen=True)
class WrittenNote:
    """An unsent note as the technician wrote it, and why it is not on the helpdesk."""

    ticket_id: int
    subject: str
    text: str
    public: bool
    minutes: int
    author: str
    written: str
    files: list[dict[str, str]]
    why_unsent: str  # ``not_sent_because``


def written_note(db: sqlite_utils.Database, row: OutboxRow) -> WrittenNote:
    entry = db.execute(
        "SELECT creator, created FROM history WHERE client_uuid = ?", [row.uuid]
    ).fetchone()
    visit = tickets.get_visit(db, row.ticket_ref) if row.ticket_ref is not None else None
    p = row.payload
    return WrittenNote(
        ticket_id=row.ticket_ref or 0,
        subject=visit.subject if visit is not None else "",
        text=str(p.get("content", "")),
        public=bool(p.get("public")),
        minutes=int(p.get("time_taken") or 0),
        author=(entry[0] if entry else None) or "",
        written=(entry[1] if entry else None) or row.created,
        files=list(p.get("attachments") or []),
        why_unsent=not_sent_because(row),
    )


def _refused_note(
    db: sqlite_utils.Database, seq: int, choice: Literal["as_comment", "to_new_ticket"]
) -> OutboxRow:
    row = get_row(db, seq)
    if row is None or row.state == "done":
        raise InvalidChange(f"there is no unsent change {seq}")
    if choice not in choices_for(row):
        raise InvalidChange(
            "only a note refused because its ticket is no longer yours can be "
            + {
                "as_comment": "sent anyway as a comment",
                "to_new_ticket": "moved to a new ticket",
            }[choice]
        )
    return row


def send_as_comment(db: sqlite_utils.Database, seq: int) -> None:
    """Send the refused note again, as an internal comment, at the next sync."""
    row = _refused_note(db, seq, "as_comment")
    author = written_note(db, row).author
    with transaction(db):
        set_payload(db, seq, {**row.payload, "public": False, SENT_ANYWAY: author or "?"})
        db.execute("UPDATE history SET type = 'Comment' WHERE client_uuid = ?", [row.uuid])
        retry(db, seq)


def move_to_new_ticket(db: sqlite_utils.Database, seq: int) -> int:
    """Open a new ticket (same queue, same place) carrying the note; returns its local id.

    The note leaves the old ticket's outbox in the same transaction, so it can
    reach RT only once: as the new ticket's description, with its time and
    files.  The new ticket refers to the old one (RT keeps the link only if
    the technician may still modify the old ticket; the subject names it).
    """
    row = _refused_note(db, seq, "to_new_ticket")
    note = written_note(db, row)
    old = tickets.working_values(db, note.ticket_id)
    subject = f"Follow-up of #{note.ticket_id}" + (f": {note.subject}" if note.subject else "")
    written = note.written.replace("T", " ").removesuffix("Z")
    content = (
        f"{note.text}\n\n"
        f"(Written by {note.author} for #{note.ticket_id} on {written} UTC; "
        f"#{note.ticket_id} was no longer assigned to them.)"
    )
    with transaction(db):
        local_id = new_ticket.create_ticket(
            db,
            subject=subject[:200],
            content=content,
            owner=note.author,
            fields={name: old.get(name) for name in SAME_PLACE if old.get(name)},
            refers_to=note.ticket_id,
            minutes=note.minutes,
            attachments=note.files,
        )
        NOTE_KIND.undo(db, row)
        db.execute("DELETE FROM outbox WHERE seq = ?", [seq])
    return local_id


def export_note(db: sqlite_utils.Database, seq: int, path: Path) -> Path:
    """Write the note, its ticket, time, who and when to ``path`` (Markdown), files beside it.

    Durable (fsynced) when it returns.  The note stays in the outbox until the
    user discards it.  Returns the folder the files went to (or ``path``).
    """
    return write_export(exportable_note(db, seq), path)


def exportable_note(db: sqlite_utils.Database, seq: int) -> WrittenNote:
    """The note to export (read here; the files are written by ``write_export``)."""
    row = get_row(db, seq)
    if row is None or row.state == "done":
        raise InvalidChange(f"there is no unsent change {seq}")
    if not exportable(row):
        raise InvalidChange("only a note can be exported: this change is not one")
    return written_note(db, row)


def export_all(db: sqlite_utils.Database, folder: Path) -> list[tuple[Path, str | None]]:
    """Every unsent note into ``folder``, one Markdown file each (its files beside it).

    Each is written as ``export_note`` writes it, named as the window suggests
    (``note_file_name``); none is replaced.  One that cannot be written (a file of it
    missing here) does not stop the others: each path comes with its error, or None.
    """
    folder = Path(folder).expanduser()
    notes = {folder / note_file_name(row): row for row in rows(db) if exportable(row)}
    written_to = (place for path in notes for place in (path, files_folder(path)))
    taken = next((place for place in written_to if place.exists()), None)
    if taken is not None:
        raise InvalidChange(f"{taken} exists; export into another folder")
    written: list[tuple[Path, str | None]] = []
    for path, row in notes.items():
        try:
            write_export(written_note(db, row), path)
        except InvalidChange as error:
            written.append((path, str(error)))
        else:
            written.append((path, None))
    return written


def note_file_name(row: OutboxRow) -> str:
    """The export's name: its ticket and outbox number, unique in the profile."""
    return f"note-{row.ticket_ref}-{row.seq}.md"


def files_folder(path: Path) -> Path:
    """Where the files of the note exported to ``path`` go, beside it."""
    return path.with_name(path.stem + "-files")


def write_export(note: WrittenNote, path: Path) -> Path:
    """The file part of ``export_note``: no database, so it may run on a worker thread."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise InvalidChange(f"{path} is a folder; name the file to write")
    files_dir = files_folder(path)
    copied: list[str] = []
    try:
        for index, item in enumerate(note.files):
            source = Path(item["path"])
            if not source.is_file():
                raise InvalidChange(f"the file {item['filename']} of this note is missing here")
            name = f"{index + 1}-{safe_file_name(item['filename'])}"
            # Plaintext: the user's folder; the folders made for it are private.
            private_new_dirs(files_dir)
            file_vault.export_plain(source, files_dir / name, name=item["filename"])
            copied.append(name)
        write_durably(path, note_markdown(note, files_dir.name, copied).encode("utf-8"))
    except OSError as error:
        raise InvalidChange(f"could not write {path}: {error.strerror or error}") from None
    return files_dir if copied else path


def note_markdown(note: WrittenNote, files_dir: str, copied: list[str]) -> str:
    what = "Reply to the customer" if note.public else "Internal note"
    lines = [
        f"# {what} for ticket #{note.ticket_id}" + (f": {note.subject}" if note.subject else ""),
        "",
        f"- Ticket: #{note.ticket_id}" + (f" ({note.subject})" if note.subject else ""),
        f"- Written by: {note.author or 'unknown'}",
        f"- Written at: {_readable(note.written)} UTC",
        f"- Time worked: {note.minutes} min",
        f"- Not sent because: {note.why_unsent}",
        f"- Exported: {_readable(now_iso())} UTC by FieldDesk",
        "",
        "## Note",
        "",
        note.text,
        "",
    ]
    if copied:
        lines += ["## Files", ""]
        lines += [
            f"- {item['filename']} ({int(item.get('size') or 0):,} bytes): {files_dir}/{name}"
            for item, name in zip(note.files, copied, strict=True)
        ]
        lines.append("")
    return "\n".join(lines)


def _readable(stamp: str) -> str:
    return stamp.replace("T", " ").removesuffix("Z")


__all__ = [
    "TAKEN_AWAY",
    "Choice",
    "WrittenNote",
    "can_go_another_way",
    "choices_for",
    "export_all",
    "export_note",
    "exportable",
    "exportable_note",
    "move_to_new_ticket",
    "not_sent_because",
    "note_file_name",
    "send_as_comment",
    "write_export",
    "written_note",
]
