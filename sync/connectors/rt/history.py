"""A ticket's history: transactions, message bodies and files, and adding a note."""

from __future__ import annotations

import base64
from typing import Any

from sync.connectors.base import NoteRequest, RemoteTransaction
from sync.connectors.rt.common import (
    RTResource,
    id_from_location,
    page_items,
    raise_on_failed_messages,
    ref,
    text_or_none,
    ticket_sql_quote,
)
from sync.connectors.rt_convert import attachment_from_json, decode_attachment
from sync.connectors.rt_refusals import COMMENT, REPLY, explain_ticket_refusal, named_refusals

INCREMENTAL_MESSAGES = 3  # up to this many new messages are fetched one by one
MESSAGE_TYPES = frozenset({"Create", "Comment", "Correspond"})
HISTORY_FIELDS = "Type,Created,Creator,Field,OldValue,NewValue,TimeTaken,ObjectId"
ATTACHMENT_FIELDS = "TransactionId,ContentType,Filename,ContentLength,Content"


class HistoryPart(RTResource):
    def fetch_history(self, ticket_id: int, after_txn: int) -> list[RemoteTransaction]:
        query = (
            f"ObjectType='RT::Ticket' AND ObjectId={int(ticket_id)} AND id > {int(after_txn)}"
            " AND Type != 'EmailRecord' AND Type != 'CommentEmailRecord'"
        )
        rows = self.all_pages("transactions", {"query": query, "fields": HISTORY_FIELDS})
        rows.sort(key=lambda row: int(row["id"]))
        parts = self._message_parts(ticket_id, rows, first_time=after_txn == 0)
        history = []
        for row in rows:
            txn_id = int(row["id"])
            body, body_type, files = parts.get(txn_id, (None, None, []))
            history.append(
                RemoteTransaction(
                    id=txn_id,
                    ticket_id=int(ticket_id),
                    type=str(row.get("Type") or ""),
                    created=str(row.get("Created") or ""),
                    creator=str(ref(row.get("Creator"))),
                    field=text_or_none(row.get("Field")),
                    old_value=text_or_none(row.get("OldValue")),
                    new_value=text_or_none(row.get("NewValue")),
                    time_taken=int(row.get("TimeTaken") or 0),
                    body=body,
                    body_type=body_type,
                    attachments=files,
                )
            )
        return history

    def _message_parts(
        self, ticket_id: int, rows: list[dict[str, Any]], *, first_time: bool
    ) -> dict[int, tuple[str | None, str | None, list[Any]]]:
        """Bodies and files of the message transactions among rows (one listing)."""
        wanted = {int(r["id"]) for r in rows if r.get("Type") in MESSAGE_TYPES}
        if not wanted:
            return {}
        if not first_time and len(wanted) <= INCREMENTAL_MESSAGES:
            # A few new messages: their own parts only, not every file the
            # ticket ever had (a photo would come down again with each note).
            items = [
                item
                for txn_id in sorted(wanted)
                for item in self.all_pages(
                    f"transaction/{txn_id}/attachments", {"fields": ATTACHMENT_FIELDS}
                )
            ]
        else:
            items = self.all_pages(
                f"ticket/{int(ticket_id)}/attachments", {"fields": ATTACHMENT_FIELDS}
            )
        parts: dict[int, tuple[str | None, str | None, list[Any]]] = {}
        for item in items:
            attachment = attachment_from_json(item)
            if attachment.transaction_id not in wanted:
                continue
            body, body_type, files = parts.get(attachment.transaction_id, (None, None, []))
            is_body = not attachment.filename and attachment.content_type in (
                "text/plain",
                "text/html",
            )
            if is_body and body is None and attachment.content is not None:
                body, body_type = (
                    attachment.content.decode("utf-8", "replace"),
                    attachment.content_type,
                )
            elif attachment.filename:
                files.append(attachment)
            parts[attachment.transaction_id] = (body, body_type, files)
        return parts

    def fetch_attachment(self, attachment_id: int) -> bytes:
        return decode_attachment(self.http.get(f"attachment/{int(attachment_id)}").body)

    def add_note(self, note: NoteRequest) -> int:
        body: dict[str, Any] = {
            "Content": note.content,
            "ContentType": "text/plain",
            "TimeTaken": str(int(note.time_taken)),
        }
        if self.supports_client_ids():
            body["TxnCustomFields"] = {"Client Request Id": note.client_request_id}
        if note.attachments:
            body["Attachments"] = [
                {
                    "FileName": a.filename,
                    "FileType": a.content_type,
                    "FileContent": base64.b64encode(a.data).decode("ascii"),
                }
                for a in note.attachments
            ]
        kind = "correspond" if note.public else "comment"
        action = REPLY if note.public else COMMENT
        with named_refusals(lambda e: explain_ticket_refusal(self.http, note.ticket_id, action, e)):
            reply = self.http.post(f"ticket/{int(note.ticket_id)}/{kind}", body)
            raise_on_failed_messages(reply.body)
        return id_from_location(reply.headers.get("Location"))

    def find_note(self, ticket_id: int, client_request_id: str, content: str) -> int | None:
        """The transaction of a note sent before, if RT has it."""
        if self.supports_client_ids():
            query = f"CF.{{Client Request Id}} = {ticket_sql_quote(client_request_id)}"
            found = page_items(
                self.http.get("transactions", {"query": query, "fields": "ObjectId"}).body
            )
            return int(found[0]["id"]) if found else None
        # Without the admin kit's field: our own note with the same text.
        me = self.http.credentials.user
        for txn in reversed(self.fetch_history(ticket_id, 0)):
            if txn.creator == me and txn.body is not None and txn.body.strip() == content.strip():
                return txn.id
        return None
