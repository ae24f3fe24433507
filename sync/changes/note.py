"""A note: an internal comment or a reply to the customer, with time spent and files.

Exactly once: the row's uuid travels as RT's "Client Request Id" transaction
field (the connector's ``find_note`` looks it up after a lost reply).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync import attachments, file_vault
from sync.change_limits import MAX_NOTE_MINUTES
from sync.changes.escalation import bring_in_supervisors
from sync.changes.kind import Blocked, PushContext, record_server_failure
from sync.connectors.base import NewAttachment, NoteRequest, never_reached
from sync.errors import Cause, PartlyApplied, RejectedError, ServerFailed, SyncError
from sync.file_vault import FileUnreadable
from sync.store import kb
from sync.store.database import transaction
from sync.store.outbox import (
    InvalidChange,
    OutboxRow,
    enqueue,
    mark_done,
    mark_in_flight,
    mark_never_sent,
    now_iso,
    require_ticket,
    set_payload,
)

if TYPE_CHECKING:
    import sqlite_utils


def add_note(
    db: sqlite_utils.Database,
    ticket_id: int,
    text: str,
    *,
    author: str,
    public: bool = False,
    minutes: int = 0,
    attachments: list[dict[str, Any]] | None = None,
    kind: str = "note",
    extra: dict[str, Any] | None = None,
) -> str:
    """An internal note (or a reply to the customer) with time spent.

    ``attachments``: [{"path", "filename", "content_type", "size"}] of files
    already stored durably under the profile.  ``kind`` and ``extra``: a kind
    of change that travels as a note (a checklist, a timer entry) with its own
    payload keys (``ticket_fields``, ``txn_fields``...).
    """
    if not text.strip() and not attachments:
        raise InvalidChange("the note is empty")
    if not 0 <= minutes <= MAX_NOTE_MINUTES:
        raise InvalidChange(_MINUTES_RANGE)
    require_ticket(db, ticket_id)
    files = list(attachments or [])
    with transaction(db):
        row_uuid = enqueue(
            db,
            kind,
            ticket_id,
            {
                "content": text,
                "public": public,
                "time_taken": minutes,
                "attachments": files,
                **(extra or {}),
            },
        )
        db.execute(
            "INSERT INTO history (ticket_id, client_uuid, type, created, creator, time_taken,"
            " body, body_type) VALUES (?, ?, ?, ?, ?, ?, ?, 'text/plain')",
            [
                ticket_id,
                row_uuid,
                "Correspond" if public else "Comment",
                now_iso(),
                author,
                minutes,
                text,
            ],
        )
        for item in files:
            db.execute(
                "INSERT INTO attachments (ticket_id, client_uuid, filename, content_type, size,"
                " path) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    ticket_id,
                    row_uuid,
                    item["filename"],
                    item["content_type"],
                    item["size"],
                    item["path"],
                ],
            )
    return row_uuid


# Payload key: the user asked to send a refused note anyway, as a comment (its author).
SENT_ANYWAY = "sent_anyway"
# Payload key: sent, answer lost, and RT does not let us check: it may be there.
# Its value: when that sending went (``sent_at``), the one the user was warned about.
MAYBE_DELIVERED = "maybe_delivered"
# Refusals that say "not yours (to write on) any more", not "fix the text".
TAKEN_AWAY = frozenset({Cause.REASSIGNED, Cause.NO_RIGHT})


def _author(db: sqlite_utils.Database, row: OutboxRow) -> str:
    """Who wrote the note: the one whose rights the lookup ran under."""
    sent_anyway = str(row.payload.get(SENT_ANYWAY) or "")
    if sent_anyway:
        return sent_anyway
    entry = db.execute("SELECT creator FROM history WHERE client_uuid = ?", [row.uuid]).fetchone()
    return str(entry[0] or "") if entry else ""


def _check_it_could_be_seen(ctx: PushContext, row: OutboxRow) -> None:
    """After a lost reply the lookup found nothing: trust that only on the author's own ticket.

    On a ticket someone else owns now, RT may keep what it took while the ticket
    was the author's (or a comment a queue right allowed) yet neither keep the
    Client Request Id (ModifyCustomField is the owner's) nor show it back
    (ShowTicketComments is the owner's): nothing found proves nothing there, and
    sending it again, or anywhere else, could make a second copy with its time.
    """
    ticket_id = row.ticket_ref or 0
    try:
        owner = ctx.connector.fetch_ticket(ticket_id).fields.get("owner")
    except RejectedError:
        owner = None
    # The note's history entry names its author; the signed-in user if it is gone.
    author = _author(ctx.db, row) or ctx.connector.current_user().name
    if owner != author:
        # It may be on the helpdesk: from now on only a file is offered besides retry.
        with transaction(ctx.db):
            set_payload(ctx.db, row.seq, {**row.payload, MAYBE_DELIVERED: row.sent_at})
        raise _maybe_on_the_ticket(
            row,
            f"#{ticket_id} is no longer yours, so RT does not let you check whether "
            "an earlier sending arrived",
        )


def _maybe_on_the_ticket(
    row: OutboxRow, why: str, status: int | None = None, cause: Cause = Cause.REASSIGNED
) -> RejectedError:
    """The refusal of a note that may already be on its ticket: said plainly, and only
    what cannot make a second copy is advised (``refused_note.choices_for``)."""
    ticket = f"#{row.ticket_ref}"
    minutes = int(row.payload.get("time_taken") or 0)
    kept = f" with its {minutes} min" if minutes else ""
    what = "reply" if row.payload.get("public") else "note"
    return RejectedError(
        f"This {what} may already be on {ticket}: it was sent, its answer was lost, and RT "
        f"keeps what it took{kept}. {why}. Do not send it another way (it could be there "
        f"twice): export it, or ask the office to look for it on {ticket} and retry only "
        "if it is not there",
        status=status,
        cause=cause,
    )


# Payload key: the ticket's newest transaction this laptop knew when the note was first
# sent.  RT's transaction ids only grow, so the note, if RT took it, is after it: the
# lookup after a lost answer finds it by its text when RT dropped its Client Request Id.
SENT_ONTO = "sent_onto_txn"


def newest_known_txn(db: sqlite_utils.Database, ticket_id: int) -> int | None:
    """The ticket's newest transaction the replica holds: the pull's mark, or a note of
    this laptop delivered since (a second note of the same words, sent after it, must
    not be taken for it).  None when nothing of its history came down yet."""
    found = db.execute(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM history WHERE ticket_id = :t), 0),"
        " COALESCE((SELECT last_txn FROM tickets WHERE id = :t), 0))",
        {"t": ticket_id},
    ).fetchone()
    return int(found[0]) or None


@contextmanager
def sending(
    db: sqlite_utils.Database, row: OutboxRow, payload: dict[str, Any] | None = None
) -> Iterator[None]:
    """Around the one request that carries a change: marked in flight before it goes
    (``payload``: as it goes); a first sending that provably did nothing on the helpdesk
    (``never_reached``: refused, no such name, a certificate refused, credentials
    refused) leaves the change never sent, for the user to edit or discard.  Anything
    else leaves it in flight: the next sync looks for it before sending again; a server
    error is counted (``PushContext.before_sending_again`` refuses a change the helpdesk
    keeps failing on)."""
    mark_in_flight(db, row, payload)
    try:
        yield
    except SyncError as error:
        if never_reached(error):
            mark_never_sent(db, row)
        elif isinstance(error, ServerFailed):
            record_server_failure(db, row, error.status)
        raise


def _warned_about(row: OutboxRow) -> bool:
    """The user was told this very sending may have arrived, and chose to retry.  A later
    sending whose answer is lost too is checked again (True: a row of an older version)."""
    warned = row.payload.get(MAYBE_DELIVERED)
    return warned is True or (warned is not None and warned == row.sent_at)


def stored_files(
    items: list[dict[str, Any]] | None, what: str = "change"
) -> tuple[NewAttachment, ...]:
    """A row's files (stored under the profile when the change was made), decrypted to send.

    The kinds read them before they mark the row in flight: one that cannot be read
    keeps the change for the user (RejectedError, naming the file and what fixes it;
    ``what``: "note", "new ticket"...) while nothing of it has left the laptop, so it
    can be discarded.  Sending it without the file would lose part of the work silently.
    """
    return tuple(
        NewAttachment(a["filename"], a["content_type"], _read_stored(a, what)) for a in items or []
    )


def _read_stored(item: dict[str, Any], what: str) -> bytes:
    name = item["filename"]
    try:
        return file_vault.read_plain(Path(item["path"]), name=name)
    except FileUnreadable as error:
        raise RejectedError(f"a file of this change: {error}", cause=Cause.INVALID) from None
    except FileNotFoundError:
        # Its folder deleted, a disk cleaner: gone, and nothing brings it back.
        gone = f"{name} is no longer on this laptop"
    except OSError as error:
        gone = f"{name} cannot be read on this laptop ({error.strerror or type(error).__name__})"
    raise RejectedError(f"{gone}: attach it again or discard the {what}", cause=Cause.INVALID)


_MINUTES_RANGE = f"time spent must be between 0 and {MAX_NOTE_MINUTES} minutes"


def article_used_text(article_id: int, name: str) -> str:
    """The internal comment that records an article used on a visit."""
    return f"Used knowledge base article #{article_id}: {name}"


def link_article(
    db: sqlite_utils.Database, ticket_id: int, article_id: int, *, author: str
) -> str | None:
    """Record that an article helped on a visit; None if it is already recorded there.

    It travels as an internal comment naming the article, so it shows in the
    visit's history here and in RT, and reaches RT exactly once through the
    notes' client-request-id path (no double comment after a lost reply).
    """
    article = kb.get_article(db, article_id)
    if article is None:
        raise InvalidChange(f"there is no article {article_id} on this laptop")
    if article.is_draft:
        raise InvalidChange("this article is a draft: sync to publish it, then record it")
    require_ticket(db, ticket_id)
    with transaction(db):
        prefix = article_used_text(article_id, "")
        already = db.execute(
            "SELECT 1 FROM history WHERE ticket_id = ? AND substr(body, 1, ?) = ?",
            [ticket_id, len(prefix), prefix],
        ).fetchone()
        if already:
            return None
        return add_note(db, ticket_id, article_used_text(article_id, article.name), author=author)


class NoteKind:
    name = "note"
    noun = "note"  # the change, in a refusal's advice ("discard the note")
    editable = frozenset({"content", "time_taken"})
    held_in_order = False  # notes never depend on one another

    def describe(self, row: OutboxRow) -> str:
        p = row.payload
        where = f"#{row.ticket_ref}" if row.ticket_ref and row.ticket_ref > 0 else "new ticket"
        what = "reply" if p.get("public") else "note"
        minutes = f" ({p['time_taken']} min)" if p.get("time_taken") else ""
        text = " ".join(str(p.get("content", "")).split())[:60]
        return f"{where}: {what}{minutes}: {text}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        ticket_id = row.ticket_ref
        if ticket_id is None or ticket_id < 0:
            raise Blocked  # its ticket is not created on the server yet
        content = str(row.payload["content"])
        if row.state == "in_flight":
            sent_onto = row.payload.get(SENT_ONTO)
            found = ctx.connector.find_note(ticket_id, row.uuid, content, after_txn=sent_onto)
            if found is not None:
                self._delivered(ctx.db, row, found)
                return
            if row.sent_at is not None and not _warned_about(row):
                # Its answer was lost, and nothing found may prove nothing: the user
                # decides, at once (a retry after being told so sends it).
                _check_it_could_be_seen(ctx, row)
            # Only a note has other ways out (``refused_note.choices_for``).
            ways = "Retry it later, export it, or discard it" if self.name == "note" else None
            ctx.before_sending_again(row, ways)
        # Read first: a file gone refuses the note before anything of it is sent.
        files = stored_files(row.payload.get("attachments"), self.noun)
        # An empty file (queued by an older build) would make RT refuse the whole note.
        files, left_out = attachments.without_empty_files(files)
        payload = row.payload
        if row.state == "pending":  # its first sending: no earlier one can be on the helpdesk
            payload = {**payload, SENT_ONTO: newest_known_txn(ctx.db, ticket_id)}
        request = NoteRequest(
            ticket_id=ticket_id,
            client_request_id=row.uuid,
            content=content,
            public=bool(row.payload.get("public")),
            time_taken=int(row.payload.get("time_taken") or 0),
            attachments=files,
            ticket_fields=dict(row.payload.get("ticket_fields") or {}),
            txn_fields=dict(row.payload.get("txn_fields") or {}),
        )
        bring_in_supervisors(ctx, row, ticket_id)  # an escalation: RT mails them the note
        try:
            with sending(ctx.db, row, payload):
                txn_id = ctx.connector.add_note(request)
        except PartlyApplied as partly:  # the note is on the helpdesk: never sent again
            self._delivered(ctx.db, row, partly.made_id)
            ctx.notices.append(
                f"{self.describe(row)}: saved on the helpdesk, but it did not take all of it "
                f"({partly})"
            )
            return
        except RejectedError as error:
            reason = str(error).split(". ")[0]  # what RT said, without its advice
            if row.payload.get(MAYBE_DELIVERED) and error.cause in TAKEN_AWAY:
                # Retried after the warning, and refused: the earlier copy may still be there.
                raise _maybe_on_the_ticket(
                    row, f"RT refused it again ({reason})", error.status, error.cause
                ) from None
            if not row.payload.get(SENT_ANYWAY):
                raise
            raise RejectedError(
                f"RT refused it as a comment too ({reason}). Move it to a new ticket, or export it",
                status=error.status,
                cause=error.cause,
            ) from None
        self._delivered(ctx.db, row, txn_id)
        if left_out:
            ctx.notices.append(f"{self.describe(row)}: {left_out}")

    def _delivered(self, db: sqlite_utils.Database, row: OutboxRow, txn_id: int) -> None:
        with transaction(db):
            taken = db.execute("SELECT 1 FROM history WHERE id = ?", [txn_id]).fetchone()
            if taken:  # a pull already brought the server's copy: it becomes ours, dated
                # when it was written (``apply_remote_history`` keeps that time from now on)
                db.execute(
                    "UPDATE history SET created = COALESCE((SELECT created FROM history"
                    " WHERE client_uuid = :uuid), created) WHERE id = :txn",
                    {"uuid": row.uuid, "txn": txn_id},
                )
                db.execute("DELETE FROM history WHERE client_uuid = ?", [row.uuid])
                db.execute("UPDATE history SET client_uuid = ? WHERE id = ?", [row.uuid, txn_id])
            else:
                db.execute("UPDATE history SET id = ? WHERE client_uuid = ?", [txn_id, row.uuid])
            db.execute(
                "UPDATE attachments SET transaction_id = ? WHERE client_uuid = ?",
                [txn_id, row.uuid],
            )
            mark_done(db, row.seq, str(txn_id))

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        content = str(changes.get("content", payload["content"]))
        minutes = changes.get("time_taken", payload.get("time_taken") or 0)
        if not isinstance(minutes, int) or not 0 <= minutes <= MAX_NOTE_MINUTES:
            raise InvalidChange(_MINUTES_RANGE)
        if not content.strip() and not payload.get("attachments"):
            raise InvalidChange("the note is empty")
        payload.update(content=content, time_taken=minutes)
        db.execute(
            "UPDATE history SET body = ?, time_taken = ? WHERE client_uuid = ?",
            [content, minutes, row.uuid],
        )

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        db.execute("DELETE FROM history WHERE client_uuid = ?", [row.uuid])
        db.execute("DELETE FROM attachments WHERE client_uuid = ?", [row.uuid])


KIND = NoteKind()
