"""A visit's checklist sent to RT: one internal note (a table, with the item photos)
that also sets the ticket's *Checklist State* custom field.

It travels as a note (``sync.changes.note``): the row's uuid in *Client Request
Id* makes it exactly once.  Sending again after more work is a new revision;
sending an unchanged checklist sends nothing; a revision not yet sent is
replaced, never doubled.  A revision attaches only the photos RT has not got from
an earlier one (a retake is a new file, so it goes); the note names the others.

When it is queued: at "Send to helpdesk" (``fielddesk checklist done``), when the
visit is resolved, and -- once the visit is closed out -- at every change to its
checklists after that (``send_correction``, called by the store's writes): a tick
made after resolving reaches RT without another step, and waits in the outbox, so
every "unsent" count, the sync and retention see it.  While the visit is open,
further work waits for the resolution (or "Send"): no note per tick.

**Another device of the technician's** (a spare laptop) may send the same visit's
checklist: RT's newest "Checklist: <name>" note is then not one this laptop sent.
Before sending, the revision looks at the notes RT made since this laptop's last
one (``_after_other_devices``): if another device's is there, it is refused (the
Outbox and the sync's report name what the other device sent), not sent over it --
a laptop that never saw those ticks would replace them, and lower *Checklist State*
from complete to incomplete, in silence.  Retry sends this laptop's anyway, numbered
after the newest revision RT holds; Discard keeps the helpdesk's.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from sync import file_vault
from sync.changes.kind import Blocked, PushContext
from sync.changes.note import NoteKind, add_note
from sync.errors import Cause, RejectedError, RetryableError
from sync.store import checklists as store
from sync.store import users
from sync.store.checklists import Checklist, ChecklistItem
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, get_row, require_ticket, set_payload

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RemoteTransaction

STATE_FIELD = "Checklist State"  # ticket custom field: 'complete' or 'incomplete'
KIND_NAME = store.CHANGE_KIND  # the outbox kind (``ChecklistKind.name``)
# Payload key: the RT transaction of another device's note of this checklist that the
# technician was told of when this revision was refused; Retry sends it over that note.
REPLACES_OTHER = "replaces_other_device"


class RequiredItemsOpen(InvalidChange):
    """Required items are not done and no reason was given."""


def send_checklists(
    db: sqlite_utils.Database, ticket_id: int, *, author: str, reason: str | None = None
) -> list[str]:
    """Queue the visit's checklists for RT (those changed since they were last queued).

    Required items left undone need a reason (kept with the checklist and
    shown in the note).  Returns the outbox uuids queued; durable on return.
    """
    require_ticket(db, ticket_id)
    store.ensure_checklists(db, ticket_id)
    lists = store.checklists(db, ticket_id)
    if not lists:
        raise InvalidChange(f"visit #{ticket_id} has no checklist")
    for checklist in lists:
        if checklist.missing_required and reason and reason.strip():
            store.set_reason(db, checklist.id, reason)
    lists = store.checklists(db, ticket_id)
    unexplained = [i for c in lists if not c.reason for i in c.missing_required]
    if unexplained:
        names = "; ".join(f"{i.number} {i.text}" for i in unexplained[:5])
        raise RequiredItemsOpen(f"required items not done: {names}; give a reason to send anyway")
    state = "incomplete" if any(c.missing_required for c in lists) else "complete"
    queued: list[str] = []
    with transaction(db):
        for checklist in lists:
            if checklist.revision and checklist.digest == checklist.queued_digest:
                continue  # RT already has (or is getting) exactly this
            queued.append(_queue_revision(db, checklist, state, author))
    return queued


def send_correction(db: sqlite_utils.Database, ticket_id: int, *, author: str) -> list[str]:
    """After a change to a checklist item: on a visit closed out whose checklists were
    sent, queue the change as their next revision (inside the change's transaction).

    Nothing on an open visit, or one whose checklists were never sent.  A required
    item left undone with no reason given queues nothing: the change is kept, the
    Checklist tab asks why (``checklist done --reason`` on the command line), and
    until then retention keeps the visit (``store.holds_work_not_queued``).
    """
    if not store.visit_closed_out(db, ticket_id):
        return []
    sent = db.execute(
        "SELECT 1 FROM checklists WHERE ticket_id = ? AND revision > 0", [ticket_id]
    ).fetchone()
    if sent is None:
        return []
    try:
        return send_checklists(db, ticket_id, author=author)
    except RequiredItemsOpen:
        return []


def _queue_revision(
    db: sqlite_utils.Database, checklist: Checklist, state: str, author: str
) -> str:
    revision = checklist.revision + 1
    replaced = _unsent_row(db, checklist.id)
    place: int | None = None  # the replaced revision's place in the push order
    extra: dict[str, Any] = {}
    if replaced is not None:  # not on its way yet: replace it, same revision number
        place, row_uuid = replaced.seq, replaced.uuid
        revision = checklist.revision
        if replaced.state == "pending" and replaced.payload.get(REPLACES_OTHER):
            # Retried after the refusal: the technician's word to send over that note
            # holds for the work added since.  A refusal not retried yet is asked again.
            extra[REPLACES_OTHER] = replaced.payload[REPLACES_OTHER]
        db.execute("DELETE FROM outbox WHERE seq = ?", [place])
        db.execute("DELETE FROM history WHERE client_uuid = ?", [row_uuid])
        db.execute("DELETE FROM attachments WHERE client_uuid = ?", [row_uuid])
    earlier = sent_photos(db, checklist)
    row_uuid = add_note(
        db,
        checklist.ticket_id,
        note_text(checklist, revision, earlier, users.display_names(db)),
        author=author,
        attachments=photos(checklist, earlier),
        kind=KIND.name,
        extra={
            "checklist_id": checklist.id,
            "revision": revision,
            "ticket_fields": {STATE_FIELD: state},
            **extra,
        },
    )
    if place is not None:
        # In the replaced one's place: a revision queued with a resolution stays ahead
        # of the status change, as ``workflow.resolve`` sends them.
        db.execute("UPDATE outbox SET seq = ? WHERE uuid = ?", [place, row_uuid])
    db.execute(
        "UPDATE checklists SET revision = ?, queued_digest = ? WHERE id = ?",
        [revision, checklist.digest, checklist.id],
    )
    return row_uuid


def _unsent_row(db: sqlite_utils.Database, checklist_id: int) -> OutboxRow | None:
    """The revision of the checklist nothing of which left: waiting, or refused because
    another device's was on RT (a newer revision takes its place, and is checked again)."""
    found = db.execute(
        "SELECT seq, uuid FROM outbox WHERE kind = ? AND attempts = 0"
        " AND (state = 'pending' OR (state = 'rejected' AND error_cause = ?))"
        " AND json_extract(payload, '$.checklist_id') = ?",
        [KIND.name, str(Cause.OVERTAKEN), checklist_id],
    ).fetchone()
    return get_row(db, int(found[0])) if found else None


def result_of(item: ChecklistItem, reason: str | None) -> str:
    if item.ticked:
        return "done"
    if item.required:
        return f"NOT DONE (required): {reason}" if reason else "NOT DONE (required)"
    return "not done"


class SentPhoto(NamedTuple):
    """A photo an earlier revision's note took to RT."""

    filename: str  # as RT has it
    revision: int


def sent_photos(db: sqlite_utils.Database, checklist: Checklist) -> dict[str, SentPhoto]:
    """{stored file: how RT has it} for the photos earlier revisions delivered.

    A photo counts by its stored file (a new one at every pick, ``Checklist.digest``):
    a retake is another file and goes again.  Only a delivered note counts (its
    attachments have RT's transaction): one still on its way may yet be refused."""
    found: dict[str, SentPhoto] = {}
    for path, filename, revision in db.execute(
        "SELECT a.path, a.filename, json_extract(o.payload, '$.revision') FROM attachments a"
        " JOIN outbox o ON o.uuid = a.client_uuid WHERE a.ticket_id = ? AND o.kind = ?"
        " AND json_extract(o.payload, '$.checklist_id') = ? AND a.transaction_id IS NOT NULL"
        " AND a.path IS NOT NULL ORDER BY o.seq",
        [checklist.ticket_id, KIND_NAME, checklist.id],
    ):
        found.setdefault(PurePath(str(path)).name, SentPhoto(str(filename), int(revision or 1)))
    return found


def _sent_before(entry: ChecklistItem, earlier: dict[str, SentPhoto]) -> SentPhoto | None:
    return earlier.get(PurePath(entry.photo_path).name) if entry.photo_path else None


def note_text(
    checklist: Checklist,
    revision: int,
    earlier: dict[str, SentPhoto] | None = None,
    names: Mapping[str, str] | None = None,
) -> str:
    """The note RT keeps: a heading, then one table row per item.  A photo an earlier
    revision attached is named as RT has it, not attached again (``earlier``).  Who
    changed an item is named as everywhere else (``names``: login to name), when in the
    laptop's time.  Made once, when queued: a retry sends (and looks for) the text kept."""
    lines = [
        note_title(checklist.name, revision),
        f"Progress: {checklist.done}/{checklist.total} done",
    ]
    if checklist.missing_required:
        lines.append(f"Required items not done — reason: {checklist.reason}")
    lines += ["", "| # | Item | Result | Value | Comment | Who | When |", "|---" * 7 + "|"]
    for entry in checklist.items:
        text = entry.text if entry.in_template else f"{entry.text} (no longer in the template)"
        photo = f" [photo: {_photo_name(entry)}]" if entry.photo_name else ""
        before = _sent_before(entry, earlier or {})
        if before is not None:
            photo = f" [photo: {before.filename}, attached with revision {before.revision}]"
        who = entry.changed_by or ""
        cells = [
            str(entry.number),
            text,
            result_of(entry, checklist.reason),
            entry.value_with_unit,
            (entry.comment or "") + photo,
            (names or {}).get(who, who),
            _when(entry.changed_at),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def note_title(name: str, revision: int) -> str:
    """A revision's first line: how RT's notes of a checklist are told apart."""
    title = f"Checklist: {name}"  # workflow.CHECKLIST_PREFIX
    if revision > 1:
        title += f" (revision {revision}, replaces revision {revision - 1})"
    return title


_REVISION_MARK = re.compile(r" \(revision (\d+), replaces revision \d+\)")


def note_revision(body: str | None, name: str) -> int | None:
    """Which revision of checklist ``name`` a note on RT is (its title, ``note_title``);
    None for any other note."""
    first = (body or "").strip().split("\n", 1)[0].strip()
    title = f"Checklist: {name}"
    if first == title:
        return 1
    mark = _REVISION_MARK.fullmatch(first[len(title) :]) if first.startswith(title) else None
    return int(mark.group(1)) if mark else None


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def _when(stamp: str | None) -> str:
    """ "2026-12-06 14:52 CET": the laptop's time, its zone named (RT's readers are not
    all in it)."""
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp).astimezone()
    zone = moment.tzname() or ""
    if not zone or " " in zone:  # Windows names it in full ("W. Europe Standard Time")
        zone = f"UTC{moment:%z}"
    return f"{moment:%Y-%m-%d %H:%M} {zone}"


def _photo_name(entry: ChecklistItem) -> str:
    return f"item{entry.number:02d}-{entry.photo_name}"


def photos(
    checklist: Checklist, earlier: dict[str, SentPhoto] | None = None
) -> list[dict[str, Any]]:
    """The item photos to attach: those RT has not got from an earlier revision."""
    files = []
    for entry in checklist.items:
        if _sent_before(entry, earlier or {}) is not None:
            continue
        if entry.photo_path and entry.photo_name:
            path = Path(entry.photo_path)
            files.append(
                {
                    "path": str(path),
                    "filename": _photo_name(entry),
                    "content_type": mimetypes.guess_type(entry.photo_name)[0]
                    or "application/octet-stream",
                    "size": file_vault.plain_size(path) if path.exists() else 0,
                }
            )
    return files


def _after_other_devices(ctx: PushContext, row: OutboxRow) -> OutboxRow:
    """The revision as it may go: refused (RejectedError) while another device's note
    of this checklist is RT's newest and the technician has not said to send over it;
    numbered after the newest revision RT holds once they have."""
    ticket_id = int(row.ticket_ref or 0)
    checklist_id = row.payload.get("checklist_id")
    name_row = ctx.db.execute("SELECT name FROM checklists WHERE id = ?", [checklist_id]).fetchone()
    if name_row is None:
        return row
    name = str(name_row[0])
    ours = ctx.db.execute(
        "SELECT state, result, json_extract(payload, '$.revision'),"
        " json_extract(payload, '$.content') FROM outbox"
        " WHERE kind = ? AND json_extract(payload, '$.checklist_id') = ?",
        [KIND_NAME, checklist_id],
    ).fetchall()
    delivered = [r for r in ours if r[0] == "done" and str(r[1] or "").isdigit()]
    # RT's notes after this laptop's last one: only those can be another device's news.
    since = max((int(r[1]) for r in delivered), default=0)
    try:
        history = ctx.connector.fetch_history(ticket_id, since)
    except RetryableError as error:
        error.definite = True  # only a read failed: nothing of the revision left
        raise
    own_texts = {str(r[3] or "").strip() for r in ours}
    others = [
        (txn, revision)
        for txn in history
        if txn.type == "Comment"
        and (revision := note_revision(txn.body, name)) is not None
        and (txn.body or "").strip() not in own_texts
    ]
    if not others:
        return row
    newest, newest_revision = others[-1]
    revision = max(
        [int(row.payload.get("revision") or 1)]
        + [number + 1 for _txn, number in others]
        + [int(r[2] or 0) + 1 for r in delivered]
    )
    if newest.id > int(row.payload.get(REPLACES_OTHER) or 0):
        with transaction(ctx.db):  # a Retry from now on is the word to send over it
            set_payload(ctx.db, row.seq, {**row.payload, REPLACES_OTHER: newest.id})
        states = [
            t.new_value for t in history if t.type == "CustomField" and t.field == STATE_FIELD
        ]
        text = _overtaken_text(row, newest, newest_revision, states[-1] if states else None)
        raise RejectedError(
            f"{text}, or Retry to send this laptop's anyway, as revision {revision}",
            cause=Cause.OVERTAKEN,
        )
    return _renumbered(ctx.db, row, name, revision)


def _progress(body: str) -> str:
    """ "13/13 done", from a checklist note's second line."""
    for line in body.splitlines()[:3]:
        if line.startswith("Progress: "):
            return line.removeprefix("Progress: ").strip()
    return "progress not said"


def _overtaken_text(
    row: OutboxRow, other: RemoteTransaction, revision: int, rt_state: str | None
) -> str:
    """What the technician reads of a revision refused for another device's (the Outbox,
    the sync's report): what RT holds, and what sending this one would do to it."""
    theirs = f"revision {revision}, {_when(other.created) or 'earlier'}, by {other.creator}"
    theirs += f": {_progress(other.body or '')}"
    if rt_state:
        theirs += f"; Checklist State {rt_state}"
    mine_state = str(dict(row.payload.get("ticket_fields") or {}).get(STATE_FIELD) or "")
    mine = _progress(str(row.payload.get("content", "")))
    if mine_state:
        mine += f", {mine_state}"
    lowers = rt_state == "complete" and mine_state == "incomplete"
    effect = " and set Checklist State from complete to incomplete" if lowers else ""
    return (
        f"another device sent this checklist to the helpdesk since this laptop last did "
        f"({theirs}). This laptop's ({mine}) does not have its ticks and would replace "
        f"it{effect}. Discard this one to keep the helpdesk's"
    )


def _renumbered(db: sqlite_utils.Database, row: OutboxRow, name: str, revision: int) -> OutboxRow:
    """The row numbered ``revision`` (title, payload, the visit's history) before it goes:
    its note replaces the newest RT holds; the checklist's next revision follows it."""
    if revision == int(row.payload.get("revision") or 1):
        return row
    body = str(row.payload.get("content", "")).split("\n", 1)
    content = "\n".join([note_title(name, revision), *body[1:]])
    with transaction(db):
        set_payload(db, row.seq, {**row.payload, "content": content, "revision": revision})
        db.execute("UPDATE history SET body = ? WHERE client_uuid = ?", [content, row.uuid])
        db.execute(
            "UPDATE checklists SET revision = MAX(revision, ?) WHERE id = ?",
            [revision, row.payload.get("checklist_id")],
        )
    return get_row(db, row.seq) or row


class ChecklistKind(NoteKind):
    name = KIND_NAME
    noun = "checklist"
    editable: frozenset[str] = frozenset()  # a new revision is the way to change it

    def describe(self, row: OutboxRow) -> str:
        first = str(row.payload.get("content", "")).splitlines()[:1]
        return f"#{row.ticket_ref}: {first[0] if first else 'checklist'}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        if row.ticket_ref is None or row.ticket_ref < 0:
            raise Blocked
        if row.state == "pending":  # about to go for the first time (or after a Retry)
            row = _after_other_devices(ctx, row)
        super().send(ctx, row)

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        super().undo(db, row)
        # Discarded: the next "send" queues this revision again, and the work as it
        # stands is let go (retention need not keep the visit for it).
        checklist_id = row.payload.get("checklist_id")
        now = [c for c in store.checklists(db, row.ticket_ref or 0) if c.id == checklist_id]
        db.execute(
            "UPDATE checklists SET queued_digest = NULL, revision = MAX(revision - 1, 0),"
            " let_go = ? WHERE id = ?",
            [now[0].digest if now else None, checklist_id],
        )


KIND = ChecklistKind()
