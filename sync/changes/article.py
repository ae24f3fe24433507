"""A knowledge-base article drafted on the laptop, published on the next sync.

Exactly once: after a lost reply the class is searched for an article of the
same name before creating another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.changes.kind import PushContext
from sync.changes.note import sending
from sync.connectors.base import NewArticleRequest
from sync.store import kb
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done

if TYPE_CHECKING:
    import sqlite_utils

TEXT_FIELDS = ("name", "summary", "content")


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
        enqueue(
            db,
            KIND.name,
            None,
            {
                "local_id": local_id,
                "name": name.strip(),
                "summary": summary.strip(),
                "content": content,
            },
        )
    return local_id


def _made_by(ctx: PushContext, row: OutboxRow) -> int | None:
    """The article this row made, if RT has it: the one of its name in the class, with
    its text.  A colleague's article of that name is not it: the draft is then sent, and
    RT's refusal of a second article of one name asks the user to rename the draft."""
    found = ctx.connector.find_article(row.payload["name"])
    if found is None:
        return None
    on_helpdesk = ctx.connector.fetch_article(found).content
    return found if _same_text(on_helpdesk, str(row.payload["content"])) else None


def _same_text(a: str, b: str) -> bool:
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


class ArticleKind:
    name = "article"
    editable = frozenset(TEXT_FIELDS)
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"KB article draft: {row.payload.get('name', '')}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        p = row.payload
        new_id = _made_by(ctx, row) if row.state == "in_flight" else None
        if new_id is None:
            ctx.before_sending_again(row)
            with sending(ctx.db, row):  # offline: still a draft the technician may edit
                new_id = ctx.connector.create_article(
                    NewArticleRequest(name=p["name"], summary=p["summary"], content=p["content"])
                )
        with transaction(ctx.db):
            # The published copy comes down with the next KB pull.
            ctx.db.execute("DELETE FROM articles WHERE id = ?", [p["local_id"]])
            mark_done(ctx.db, row.seq, str(new_id))

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        merged = {k: str(changes.get(k, payload[k])) for k in TEXT_FIELDS}
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

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        db.execute("DELETE FROM articles WHERE id = ?", [row.payload["local_id"]])


KIND = ArticleKind()
