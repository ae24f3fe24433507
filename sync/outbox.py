"""Local actions and the outbox that carries them to the helpdesk.

Every action is **one local transaction** that writes the visible edit and
its outbox row together (design rule): when the caller returns, the change
is on disk (synchronous=FULL) and will reach the helpdesk exactly once.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from sync.connectors.base import DATE_FIELDS, STATUSES, SYNCED_FIELDS, FieldValues
from sync.merge import linked_to
from sync.store import kb, tickets
from sync.store.database import transaction

MAX_NOTE_MINUTES = 24 * 60
OPEN_STATES = ("pending", "in_flight")


class InvalidChange(ValueError):
    """The user asked for a change FieldDesk will not queue (bad value)."""


@dataclass(frozen=True)
class OutboxRow:
    seq: int
    uuid: str
    ticket_ref: int | None
    kind: str
    payload: dict[str, Any]
    base: dict[str, Any]
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: float
    created: str
    result: str | None
    error_cause: str | None = None  # sync.errors.Cause of a refusal

    def describe(self) -> str:
        """One line a technician understands."""
        p = self.payload
        where = f"#{self.ticket_ref}" if self.ticket_ref and self.ticket_ref > 0 else "new ticket"
        if self.kind == "note":
            what = "reply" if p.get("public") else "note"
            minutes = f" ({p['time_taken']} min)" if p.get("time_taken") else ""
            text = " ".join(str(p.get("content", "")).split())[:60]
            return f"{where}: {what}{minutes}: {text}"
        if self.kind == "set_fields":
            changes = ", ".join(f"{k} → {v or '(empty)'}" for k, v in p["changes"].items())
            return f"{where}: {changes}"
        if self.kind == "create_ticket":
            return f"new ticket: {p.get('subject', '')}"
        if self.kind == "asset_serial":
            return f"asset {p['asset_id']}: serial → {p['serial']}"
        if self.kind == "article":
            return f"KB article draft: {p.get('name', '')}"
        return f"{where}: {self.kind}"


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _enqueue(
    db: sqlite_utils.Database,
    kind: str,
    ticket_ref: int | None,
    payload: dict[str, Any],
    base: dict[str, Any] | None = None,
) -> str:
    row_uuid = str(uuid.uuid4())
    stamp = now_iso()
    db.execute(
        "INSERT INTO outbox (uuid, ticket_ref, kind, payload, base, created, updated)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [row_uuid, ticket_ref, kind, json.dumps(payload), json.dumps(base or {}), stamp, stamp],
    )
    return row_uuid


def _require_ticket(db: sqlite_utils.Database, ticket_id: int) -> None:
    if tickets.get_visit(db, ticket_id) is None:
        raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")


# -- actions -----------------------------------------------------------------


def add_note(
    db: sqlite_utils.Database,
    ticket_id: int,
    text: str,
    *,
    author: str,
    public: bool = False,
    minutes: int = 0,
    attachments: list[dict[str, Any]] | None = None,
) -> str:
    """An internal note (or a reply to the customer) with time spent.

    ``attachments``: [{"path", "filename", "content_type", "size"}] of files
    already stored durably under the profile.
    """
    if not text.strip() and not attachments:
        raise InvalidChange("the note is empty")
    if not 0 <= minutes <= MAX_NOTE_MINUTES:
        raise InvalidChange(f"time spent must be between 0 and {MAX_NOTE_MINUTES} minutes")
    _require_ticket(db, ticket_id)
    files = list(attachments or [])
    with transaction(db):
        row_uuid = _enqueue(
            db,
            "note",
            ticket_id,
            {"content": text, "public": public, "time_taken": minutes, "attachments": files},
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


ESCALATION_PRIORITY = 90


def escalate(db: sqlite_utils.Database, ticket_id: int, reason: str, *, author: str) -> str:
    """Hand the visit to the supervisor: an internal note with the reason, priority raised.

    Both rows are written in one transaction: either the escalation is saved whole or not at all.
    """
    if not reason.strip():
        raise InvalidChange("say why you escalate: the supervisor reads it first")
    with transaction(db):
        row_uuid = add_note(db, ticket_id, f"ESCALATION: {reason.strip()}", author=author)
        visit = tickets.get_visit(db, ticket_id)
        if visit is not None and visit.priority < ESCALATION_PRIORITY:
            set_fields(db, ticket_id, {"priority": str(ESCALATION_PRIORITY)})
    return row_uuid


def validate_field(name: str, value: str | None) -> str | None:
    """The value as stored, or InvalidChange (RT would accept junk silently)."""
    if name not in SYNCED_FIELDS:
        raise InvalidChange(f"unknown field {name!r}; fields: {', '.join(SYNCED_FIELDS)}")
    if value is not None:
        value = value.strip() or None
    if name == "status" and value not in STATUSES:
        raise InvalidChange(f"status must be one of: {', '.join(STATUSES)}")
    if name == "subject" and not value:
        raise InvalidChange("the subject cannot be empty")
    if name == "priority" and not (value and value.isdigit() and 0 <= int(value) <= 100):
        raise InvalidChange("priority must be a whole number from 0 to 100")
    if name in DATE_FIELDS and value is not None:
        value = normalise_date(value)
    return value


def normalise_date(value: str) -> str:
    """Accept '2026-11-24 09:30' or ISO forms; store ISO UTC with Z."""
    text = value.strip().replace("T", " ").removesuffix("Z")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    raise InvalidChange(f"not a date: {value!r} (use YYYY-MM-DD HH:MM, UTC)")


def set_fields(db: sqlite_utils.Database, ticket_id: int, changes: FieldValues) -> str | None:
    """Change status, parts used, visit times...; None if nothing changed."""
    clean = {name: validate_field(name, value) for name, value in changes.items()}
    _require_ticket(db, ticket_id)
    with transaction(db):
        working = tickets.working_values(db, ticket_id)
        real = {k: v for k, v in clean.items() if working.get(k) != v}
        if not real:
            return None
        base, _ = tickets.base_values(db, ticket_id)
        # Fields linked to the changed ones (owner, window, status) as the user
        # saw them: a change to them on the helpdesk meanwhile is a conflict.
        seen = {k: working.get(k) for k in linked_to(list(real)) if k not in real}
        for name, value in real.items():
            db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, ticket_id])
        return _enqueue(
            db,
            "set_fields",
            ticket_id,
            {"changes": real},
            {**seen, **{k: base.get(k) for k in real}},
        )


def create_ticket(
    db: sqlite_utils.Database,
    *,
    subject: str,
    content: str,
    owner: str,
    requestor: str | None = None,
    fields: FieldValues | None = None,
) -> int:
    """A new ticket made offline: a temporary negative id until it is synced."""
    if not subject.strip():
        raise InvalidChange("the subject cannot be empty")
    clean = {k: validate_field(k, v) for k, v in (fields or {}).items() if k != "subject"}
    with transaction(db):
        local_id = min(0, db.execute("SELECT MIN(id) FROM tickets").fetchone()[0] or 0) - 1
        row_uuid = _enqueue(
            db,
            "create_ticket",
            local_id,
            {
                "subject": subject.strip(),
                "content": content,
                "owner": owner,
                "requestor": requestor,
                "fields": clean,
            },
        )
        columns = ["id", "client_uuid", "subject", "status", "owner", "created", "requestors"]
        values: list[Any] = [
            local_id,
            row_uuid,
            subject.strip(),
            "new",
            owner,
            now_iso(),
            json.dumps([{"email": requestor}] if requestor else []),
        ]
        for name, value in clean.items():
            columns.append(name)
            values.append(value)
        db.execute(
            f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join('?' for _ in values)})",
            values,
        )
        db.execute(
            "INSERT INTO history (ticket_id, type, created, creator, body, body_type)"
            " VALUES (?, 'Create', ?, ?, ?, 'text/plain')",
            [local_id, now_iso(), owner, content],
        )
    return local_id


def set_asset_serial(db: sqlite_utils.Database, asset_id: int, serial: str) -> str:
    serial = serial.strip()
    if not serial:
        raise InvalidChange("the serial number cannot be empty")
    with transaction(db):
        row = db.execute("SELECT serial FROM assets WHERE id = ?", [asset_id]).fetchone()
        if row is None:
            raise InvalidChange(f"there is no asset {asset_id} on this laptop")
        db.execute("UPDATE assets SET serial = ? WHERE id = ?", [serial, asset_id])
        return _enqueue(
            db, "asset_serial", None, {"asset_id": asset_id, "serial": serial}, {"serial": row[0]}
        )


def draft_article(db: sqlite_utils.Database, *, name: str, summary: str, content: str) -> int:
    """A KB article written here; published at the next sync."""
    if not name.strip() or not content.strip():
        raise InvalidChange("an article needs a title and a text")
    with transaction(db):
        local_id = min(0, db.execute("SELECT MIN(id) FROM articles").fetchone()[0] or 0) - 1
        db.execute(
            "INSERT INTO articles (id, name, summary, content, content_text, draft)"
            " VALUES (?, ?, ?, ?, ?, 1)",
            [local_id, name.strip(), summary.strip(), content, kb.plain_text(content)],
        )
        _enqueue(
            db,
            "article",
            None,
            {
                "local_id": local_id,
                "name": name.strip(),
                "summary": summary.strip(),
                "content": content,
            },
        )
    return local_id


# -- the queue itself ----------------------------------------------------------


def _row(row: Any) -> OutboxRow:
    return OutboxRow(
        seq=row[0],
        uuid=row[1],
        ticket_ref=row[2],
        kind=row[3],
        payload=json.loads(row[4]),
        base=json.loads(row[5] or "{}"),
        state=row[6],
        attempts=row[7],
        last_error=row[8],
        next_attempt_at=row[9],
        created=row[10],
        result=row[11],
        error_cause=row[12],
    )


_COLUMNS = (
    "seq, uuid, ticket_ref, kind, payload, base, state, attempts, last_error,"
    " next_attempt_at, created, result, error_cause"
)


def rows(db: sqlite_utils.Database, *, include_done: bool = False) -> list[OutboxRow]:
    where = "" if include_done else "WHERE state != 'done'"
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM outbox {where} ORDER BY seq")]


def get_row(db: sqlite_utils.Database, seq: int) -> OutboxRow | None:
    found = db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE seq = ?", [seq]).fetchone()
    return _row(found) if found else None


def open_count(db: sqlite_utils.Database) -> int:
    count: int = db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0]
    return count


def _update(db: sqlite_utils.Database, seq: int, **values: Any) -> None:
    values["updated"] = now_iso()
    assignments = ", ".join(f"{k} = ?" for k in values)
    with transaction(db):
        db.execute(f"UPDATE outbox SET {assignments} WHERE seq = ?", [*values.values(), seq])


def mark_in_flight(db: sqlite_utils.Database, row: OutboxRow) -> None:
    """Durably record that we are about to send: a crash after this means 'look first'."""
    _update(db, row.seq, state="in_flight", attempts=row.attempts + 1)


def mark_done(db: sqlite_utils.Database, seq: int, result: str | None = None) -> None:
    _update(db, seq, state="done", result=result, last_error=None)


def mark_rejected(
    db: sqlite_utils.Database, seq: int, message: str, cause: str = "invalid"
) -> None:
    _update(db, seq, state="rejected", last_error=message, error_cause=cause)


def mark_conflict(db: sqlite_utils.Database, seq: int, message: str) -> None:
    _update(db, seq, state="conflict", last_error=message)


def mark_retry(db: sqlite_utils.Database, seq: int, message: str, delay: float) -> None:
    """Leave it for a later try; state stays in_flight if it was sent (ambiguous)."""
    _update(db, seq, last_error=message, next_attempt_at=time.time() + delay)


def retry(db: sqlite_utils.Database, seq: int) -> None:
    """The user asks to send a rejected change again."""
    _update(db, seq, state="pending", last_error=None, error_cause=None, next_attempt_at=0)


def discard(db: sqlite_utils.Database, seq: int) -> None:
    """Drop an unsent change and undo its local effect (the user confirmed)."""
    row = get_row(db, seq)
    if row is None or row.state == "done":
        return
    with transaction(db):
        if row.kind == "note":
            db.execute("DELETE FROM history WHERE client_uuid = ?", [row.uuid])
            db.execute("DELETE FROM attachments WHERE client_uuid = ?", [row.uuid])
        elif row.kind == "set_fields" and row.ticket_ref is not None:
            base, _ = tickets.base_values(db, row.ticket_ref)
            for name in row.payload["changes"]:
                db.execute(
                    f"UPDATE tickets SET {name} = ? WHERE id = ?", [base.get(name), row.ticket_ref]
                )
        elif row.kind == "create_ticket" and row.ticket_ref is not None:
            db.execute(
                "DELETE FROM outbox WHERE ticket_ref = ? AND state != 'done'", [row.ticket_ref]
            )
            tickets.remove_ticket(db, row.ticket_ref)
        elif row.kind == "asset_serial":
            db.execute(
                "UPDATE assets SET serial = base_serial WHERE id = ?", [row.payload["asset_id"]]
            )
        elif row.kind == "article":
            db.execute("DELETE FROM articles WHERE id = ?", [row.payload["local_id"]])
        db.execute("DELETE FROM outbox WHERE seq = ?", [seq])


# -- articles used on a visit ------------------------------------------------------


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
    _require_ticket(db, ticket_id)
    with transaction(db):
        prefix = article_used_text(article_id, "")
        already = db.execute(
            "SELECT 1 FROM history WHERE ticket_id = ? AND substr(body, 1, ?) = ?",
            [ticket_id, len(prefix), prefix],
        ).fetchone()
        if already:
            return None
        return add_note(db, ticket_id, article_used_text(article_id, article.name), author=author)


# -- changing a change the helpdesk refused -----------------------------------------

EDITABLE = {
    "note": frozenset({"content", "time_taken"}),
    "set_fields": frozenset(SYNCED_FIELDS),
    "article": frozenset({"name", "summary", "content"}),
}


def edit(db: sqlite_utils.Database, seq: int, changes: dict[str, Any]) -> None:
    """Change a refused row before it is retried; the local copy changes with it.

    Only rejected rows: the engine never touches them, so the edit cannot race
    a send.  The row stays rejected (with RT's reason) until the user retries.
    """
    row = get_row(db, seq)
    if row is None or row.state != "rejected":
        raise InvalidChange("only a change the helpdesk refused can be edited")
    allowed = EDITABLE.get(row.kind, frozenset())
    if row.kind == "set_fields":
        allowed = frozenset(row.payload["changes"])
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidChange(f"{', '.join(sorted(unknown))} cannot be edited in this change")
    payload = dict(row.payload)
    with transaction(db):
        if row.kind == "note":
            _edit_note(db, row, payload, changes)
        elif row.kind == "set_fields":
            _edit_fields(db, row, payload, changes)
        elif row.kind == "article":
            _edit_article(db, payload, changes)
        db.execute(
            "UPDATE outbox SET payload = ?, updated = ? WHERE seq = ?",
            [json.dumps(payload), now_iso(), seq],
        )


def _edit_note(
    db: sqlite_utils.Database, row: OutboxRow, payload: dict[str, Any], changes: dict[str, Any]
) -> None:
    content = str(changes.get("content", payload["content"]))
    minutes = changes.get("time_taken", payload.get("time_taken") or 0)
    if not isinstance(minutes, int) or not 0 <= minutes <= MAX_NOTE_MINUTES:
        raise InvalidChange(f"time spent must be between 0 and {MAX_NOTE_MINUTES} minutes")
    if not content.strip() and not payload.get("attachments"):
        raise InvalidChange("the note is empty")
    payload.update(content=content, time_taken=minutes)
    db.execute(
        "UPDATE history SET body = ?, time_taken = ? WHERE client_uuid = ?",
        [content, minutes, row.uuid],
    )


def _edit_fields(
    db: sqlite_utils.Database, row: OutboxRow, payload: dict[str, Any], changes: dict[str, Any]
) -> None:
    clean = {name: validate_field(name, value) for name, value in changes.items()}
    payload["changes"] = {**payload["changes"], **clean}
    for name, value in clean.items():
        # A later unsent change of the same field is what the user sees now.
        later = db.execute(
            "SELECT payload FROM outbox WHERE ticket_ref = ? AND kind = 'set_fields'"
            " AND seq > ? AND state != 'done'",
            [row.ticket_ref, row.seq],
        ).fetchall()
        if not any(name in json.loads(p[0])["changes"] for p in later):
            db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, row.ticket_ref])


def _edit_article(
    db: sqlite_utils.Database, payload: dict[str, Any], changes: dict[str, Any]
) -> None:
    merged = {k: str(changes.get(k, payload[k])) for k in ("name", "summary", "content")}
    if not merged["name"].strip() or not merged["content"].strip():
        raise InvalidChange("an article needs a title and a text")
    merged["name"], merged["summary"] = merged["name"].strip(), merged["summary"].strip()
    payload.update(merged)
    db.execute(
        "UPDATE articles SET name = ?, summary = ?, content = ?, content_text = ? WHERE id = ?",
        [
            merged["name"],
            merged["summary"],
            merged["content"],
            kb.plain_text(merged["content"]),
            payload["local_id"],
        ],
    )
