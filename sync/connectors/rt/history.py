"""A ticket's history: transactions, message bodies and files, and adding a note."""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from sync.connectors.base import NoteRequest, RemoteAttachment, RemoteTransaction
from sync.connectors.base64_field import Base64Field
from sync.connectors.rt.common import (
    id_from_location,
    page_items,
    ref,
    text_or_none,
    ticket_sql_quote,
)
from sync.connectors.rt.taken import TakenPart, refused, rt_messages
from sync.connectors.rt_convert import attachment_from_json, attachments_json
from sync.connectors.rt_refusals import COMMENT, REPLY, explain_ticket_refusal, named_refusals
from sync.errors import Cause, PartlyApplied, RejectedError, SyncError

MESSAGE_TYPES = frozenset({"Create", "Comment", "Correspond"})
HISTORY_FIELDS = "Type,Created,Creator,Field,OldValue,NewValue,TimeTaken,ObjectId"
# A message's text: its unnamed text parts (RT serves them with their content), and
# where a forwarded mail starts (RT keeps a mail attached to a mail as an unnamed
# message/rfc822 part, and the attached mail's own parts after it).
FORWARDED_MAIL = "message/rfc822"
BODY_PARTS = [
    {"field": "Filename", "operator": "IS", "value": "NULL"},
    {"field": "ContentType", "value": "text/plain"},
    {"field": "ContentType", "value": "text/html", "entry_aggregator": "OR"},
    {"field": "ContentType", "value": FORWARDED_MAIL, "entry_aggregator": "OR"},
]
BODY_FIELDS = "TransactionId,ContentType,Filename,ContentLength,Content"
# A file: a named part, listed without its bytes (they can be any size).
FILE_PARTS = [
    {"field": "Filename", "operator": "IS NOT", "value": "NULL"},
    {"field": "Filename", "operator": "!=", "value": "", "entry_aggregator": "AND"},
]
FILE_FIELDS = "TransactionId,ContentType,Filename,ContentLength"
# Transaction ids per attachment search (a JSON "IN" list in the URL, ≈3.9 KB).
TXNS_PER_PARTS_QUERY = 300
JSON_OVERHEAD = 256 * 1024  # an attachment record's fields besides its content
# How long RT may take to write a note's Client Request Id after the note (its scrips).
ID_WRITTEN_S = 2.0


Parts = dict[int, tuple[str | None, str | None, list[RemoteAttachment]]]
FORWARDED_LINE = "— forwarded message —"  # before a mail forwarded as an attachment
FORWARDED_HTML = f"<hr><p>{FORWARDED_LINE}</p>"


def transaction_from_row(
    row: dict[str, Any], ticket_id: int, parts: Parts, field_names: Mapping[str, str]
) -> RemoteTransaction:
    """A history row with its message body and file listing (from ``message_parts``).

    ``field_names``: custom fields' names by RT id -- RT's *CustomField* rows name
    their field by id ("7"); the technician reads "Parts Used"."""
    txn_id = int(row["id"])
    body, body_type, files = parts.get(txn_id, (None, None, []))
    field = text_or_none(row.get("Field"))
    if row.get("Type") == "CustomField" and field is not None:
        field = field_names.get(field, field)
    return RemoteTransaction(
        id=txn_id,
        ticket_id=int(ticket_id),
        type=str(row.get("Type") or ""),
        created=str(row.get("Created") or ""),
        creator=str(ref(row.get("Creator"))),
        field=field,
        old_value=text_or_none(row.get("OldValue")),
        new_value=text_or_none(row.get("NewValue")),
        time_taken=int(row.get("TimeTaken") or 0),
        body=body,
        body_type=body_type,
        attachments=files,
    )


def message_parts(items: list[dict[str, Any]], wanted: set[int]) -> Parts:
    """Bodies and file listings by transaction, from attachment listings (oldest first):
    a message's text is its unnamed parts' (``message_text``), its files the named ones."""
    unnamed: dict[int, list[RemoteAttachment]] = {}
    files: dict[int, list[RemoteAttachment]] = {}
    for item in items:
        attachment = attachment_from_json(item)
        if attachment.transaction_id in wanted:
            kept = files if attachment.filename else unnamed
            kept.setdefault(attachment.transaction_id, []).append(attachment)
    return {
        txn: (*message_text(unnamed.get(txn, [])), files.get(txn, []))
        for txn in unnamed.keys() | files.keys()
    }


class MailText(NamedTuple):
    kind: str  # text/plain or text/html
    texts: list[str]
    forwarded: bool  # a mail forwarded in the message, not the message's own


def message_text(parts: list[RemoteAttachment]) -> tuple[str | None, str | None]:
    """A message's body and its type, from its unnamed parts in RT's order.

    All of a mail's text parts, in order: Apple Mail puts a photo between two, and an
    attachment RT converted to UTF-8 lost its name.  A mail forwarded as an attachment
    follows a line of its own.  A mail's HTML only when it has no plain text: the HTML
    of a multipart/alternative is the same words again.  A single part is kept as it came.
    """
    mails = [mail for mail in mail_texts(parts) if mail.texts]
    if not mails:  # no words: the first text part as RT has it (an empty one), or none
        first = next((p for p in parts if p.content_type != FORWARDED_MAIL), None)
        return (_text(first), first.content_type) if first else (None, None)
    if len(mails) == 1 and len(mails[0].texts) == 1 and not mails[0].forwarded:
        return mails[0].texts[0], mails[0].kind
    # Plain text if every mail has it; else HTML, with the plain text in it escaped.
    kind = "text/plain" if all(mail.kind == "text/plain" for mail in mails) else "text/html"
    pieces: list[str] = []
    for mail in mails:
        if mail.forwarded:
            pieces.append(FORWARDED_LINE if kind == "text/plain" else FORWARDED_HTML)
        pieces += [text.rstrip() if mail.kind == kind else _html_of(text) for text in mail.texts]
    return ("\n\n" if kind == "text/plain" else "\n").join(pieces) + "\n", kind


def mail_texts(parts: list[RemoteAttachment]) -> list[MailText]:
    """The message's own text, then each forwarded mail's: RT lists a forwarded mail's
    parts right after its message/rfc822 part."""
    mails: list[list[RemoteAttachment]] = [[]]
    for part in parts:
        if part.content_type == FORWARDED_MAIL:
            mails.append([])
        else:
            mails[-1].append(part)
    return [MailText(*_readable(mail), forwarded=i > 0) for i, mail in enumerate(mails)]


def _readable(parts: list[RemoteAttachment]) -> tuple[str, list[str]]:
    """One mail's type and texts with words in them: its plain text parts, or its HTML
    ones if it has none."""
    for kind in ("text/plain", "text/html"):
        texts = [_text(p) for p in parts if p.content_type == kind]
        if any(text.strip() for text in texts):
            return kind, [text for text in texts if text.strip()]
    return "text/plain", []


def _text(part: RemoteAttachment) -> str:
    return (part.content or b"").decode("utf-8", "replace")


def _html_of(text: str) -> str:
    """Plain text in an HTML body: a customer's "<" stays a character, never markup."""
    lines = html.escape(text.rstrip(), quote=False).replace("\r\n", "\n").split("\n")
    return "<div>" + "<br>\n".join(lines) + "</div>"


def message_ids(rows: list[dict[str, Any]]) -> set[int]:
    return {int(r["id"]) for r in rows if r.get("Type") in MESSAGE_TYPES}


class HistoryPart(TakenPart):
    def fetch_history(self, ticket_id: int, after_txn: int) -> list[RemoteTransaction]:
        query = (
            f"ObjectType='RT::Ticket' AND ObjectId={int(ticket_id)} AND id > {int(after_txn)}"
            " AND Type != 'EmailRecord' AND Type != 'CommentEmailRecord'"
        )
        rows = self.all_pages("transactions", {"query": query, "fields": HISTORY_FIELDS})
        rows.sort(key=lambda row: int(row["id"]))
        parts = self.message_parts_of(sorted(message_ids(rows)))
        names = self.field_names_for(rows)
        return [transaction_from_row(row, ticket_id, parts, names) for row in rows]

    def field_names_for(self, rows: list[dict[str, Any]]) -> Mapping[str, str]:
        """Custom fields' names if these history rows change one (asked once a run)."""
        changes_a_field = any(row.get("Type") == "CustomField" for row in rows)
        return self.custom_field_names() if changes_a_field else {}

    def message_parts_of(
        self, txn_ids: list[int], *, between: Callable[[int], None] | None = None
    ) -> Parts:
        """Bodies and file listings of these message transactions, whichever ticket.

        Two listings per 300 transactions: the message bodies with their text,
        and the files by name and size only — a file's bytes come down when it
        is fetched, within the download cap.  Asked by transaction id, not by
        ticket: a ticket's listing also holds the parts of outgoing-mail records
        the user may not see, which RT drops from a page after cutting it, so a
        short page would end the listing early and lose the bodies after it.
        ``between``: called with how many of the transactions are read, before each
        next 300 (a long batch shows how far it has come, and may stop there).
        """
        items: list[dict[str, Any]] = []
        for start in range(0, len(txn_ids), TXNS_PER_PARTS_QUERY):
            if start and between is not None:
                between(start)
            chunk = txn_ids[start : start + TXNS_PER_PARTS_QUERY]
            these = [{"field": "TransactionId", "operator": "IN", "value": chunk}]
            for parts, fields in ((BODY_PARTS, BODY_FIELDS), (FILE_PARTS, FILE_FIELDS)):
                items += self.all_pages(
                    "attachments",
                    {"query": json.dumps(these + parts), "fields": fields, "orderby": "id"},
                )
        items.sort(key=lambda item: int(item["id"]))
        return message_parts(items, set(txn_ids))

    def fetch_attachment(self, attachment_id: int, max_bytes: int) -> bytes:
        """A file's bytes, kept as they arrive and stopped past ``max_bytes``.

        RT serves a file only as base64 inside JSON: the reply may be 37 % larger
        than the file, plus the record's other fields.
        """
        # Base64 is 4/3 of the file, and RT breaks it into lines of 76 (a "\n" each).
        budget = max_bytes * 4 // 3 * 78 // 76 + JSON_OVERHEAD
        # In memory, never a temporary file: that put a customer's file, in plain base64,
        # on a disk-backed /tmp, whose freed blocks a lost laptop still holds.  Decoded
        # as it arrives: what is held is the file and one chunk, not five copies of it.
        content = Base64Field("Content", max_bytes)
        self.http.download(f"attachment/{int(attachment_id)}", content, max_bytes=budget)
        return content.value()

    def add_note(self, note: NoteRequest) -> int:
        body: dict[str, Any] = {
            "Content": note.content,
            "ContentType": "text/plain",
            "TimeTaken": str(int(note.time_taken)),
        }
        txn_fields = dict(note.txn_fields)
        if self.supports_client_ids():
            txn_fields["Client Request Id"] = note.client_request_id
        if txn_fields:
            body["TxnCustomFields"] = txn_fields
        if note.ticket_fields:
            body["CustomFields"] = dict(note.ticket_fields)
        if note.attachments:
            body["Attachments"] = attachments_json(note.attachments)
        kind = "correspond" if note.public else "comment"
        action = REPLY if note.public else COMMENT
        with named_refusals(lambda e: explain_ticket_refusal(self.http, note.ticket_id, action, e)):
            reply = self.http.post(f"ticket/{int(note.ticket_id)}/{kind}", body)
            location = reply.headers.get("Location")
            if not location:  # nothing made: RT's words (in any language) say why
                raise RejectedError(rt_messages(reply.body) or "the helpdesk made no note")
        txn_id = id_from_location(location)
        # RT makes the note first, then sets the fields sent with it: a field it refused
        # (a right on a ticket not the technician's) leaves the note made all the same.
        try:
            untaken = self.untaken_custom_fields(note.ticket_id, note.ticket_fields, txn_id)
        except SyncError as error:  # the note is made: never report it refused, nor resend it
            fields = ", ".join(note.ticket_fields)
            raise PartlyApplied(
                txn_id, f"whether RT kept {fields} was not checked: {error}"
            ) from None
        if untaken:
            raise PartlyApplied(txn_id, str(refused(untaken, reply.body)))
        return txn_id

    def find_note(
        self,
        ticket_id: int,
        client_request_id: str,
        content: str,
        *,
        after_txn: int | None = None,
    ) -> int | None:
        """The transaction of a note sent before, if RT has it.

        ``after_txn``: the ticket's newest transaction before the note was first sent
        (its version at send time), when the caller knows it: only a transaction after
        it can be this note.
        """
        if self.supports_client_ids():
            found = self._note_by_request_id(client_request_id)
            if found is not None:
                return found
            # RT answers 201 yet drops a transaction field the user may not set (the
            # queue's owners lost ModifyCustomField): the note is there without its id,
            # and resending it doubles it and its time.  So the user's own note with
            # this text and no Client Request Id at all is looked for too -- only after
            # the version it was sent onto: an older note of the same words is another.
            mine = self._own_note_without_request_id(ticket_id, content, after_txn)
            if mine is None or after_txn is not None:
                return mine
            # Unbounded, it may also be ours with its id not written yet (RT writes it
            # after the note's scrips): asked once more, a moment later, before the user.
            self.http.cancel.wait(ID_WRITTEN_S)
            found = self._note_by_request_id(client_request_id)
            if found is not None:
                return found
            raise RejectedError(
                f"the note on #{int(ticket_id)} was sent, but its answer was lost, and RT did"
                " not keep the id FieldDesk finds it by (your RT account may not set its"
                " 'Client Request Id' field there: ask the RT administrator). A note of yours"
                f" with the same text is on #{int(ticket_id)} (transaction {mine}): if it is"
                " this one, discard this change; if not, export it or move it to a new ticket",
                cause=Cause.NO_RIGHT,
            )
        # Without the admin kit's field: our own note with the same text.
        me = self.http.credentials.user
        for txn in reversed(self.fetch_history(ticket_id, after_txn or 0)):
            if txn.creator == me and txn.body is not None and txn.body.strip() == content.strip():
                return txn.id
        return None

    def _own_note_without_request_id(
        self, ticket_id: int, content: str, after_txn: int | None
    ) -> int | None:
        """The signed-in user's note with this text whose Client Request Id RT did not keep.

        Without ``after_txn`` such a note cannot be told from an older one of the same
        words (a timer's "Time on site: 45 min", the same text typed in RT): taking it
        could drop this note, sending again could double it -- ``find_note`` lets the
        user decide.  A note that carries another Client Request Id is another change.
        """
        me = self.http.credentials.user
        query = (
            f"ObjectType='RT::Ticket' AND ObjectId={int(ticket_id)} AND id > {int(after_txn or 0)}"
            f" AND Creator = {ticket_sql_quote(me)} AND (Type = 'Comment' OR Type = 'Correspond')"
            " AND CF.{Client Request Id} IS NULL"
        )

        def asked_for(row: dict[str, Any]) -> bool:  # RT ignoring the query reads as a miss
            return (
                str(ref(row.get("Creator"))).casefold() == me.casefold()
                and row.get("Type") in ("Comment", "Correspond")
                and str(ref(row.get("ObjectId"))) == str(int(ticket_id))
            )

        rows = self.all_pages(
            "transactions", {"query": query, "fields": "Type,Creator,ObjectId", "orderby": "id"}
        )
        ids = sorted(int(row["id"]) for row in rows if asked_for(row))
        parts = self.message_parts_of(ids) if ids else {}
        same = [i for i in ids if (parts.get(i, (None,))[0] or "").strip() == content.strip()]
        if not same:
            return None
        # Bounded: the first after the version sent onto.  Unbounded: the newest, to show.
        return same[0] if after_txn is not None else same[-1]

    def _note_by_request_id(self, client_request_id: str) -> int | None:
        query = f"CF.{{Client Request Id}} = {ticket_sql_quote(client_request_id)}"
        found = page_items(
            self.http.get("transactions", {"query": query, "fields": "ObjectId"}).body
        )
        return int(found[0]["id"]) if found else None
