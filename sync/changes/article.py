"""A knowledge-base article drafted on the laptop, published on the next sync.

Exactly once: after a lost reply the class is searched for an article of the
same name before creating another.

The technician types plain text; the article body is HTML (RT shows its Content
field as HTML, as the reader here does an article that starts with a tag): the
text goes as ``as_html`` makes it, and the draft kept here is that same body, so
the reader and the search show the words typed ("press <OK>") before and after
the sync.  The outbox row keeps the text as typed, for the Outbox's Edit.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from sync.changes.kind import Blocked, PushContext
from sync.changes.note import sending
from sync.connectors.base import NewArticleRequest
from sync.errors import RejectedError
from sync.store import kb
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done
from sync.store.settings import get_setting, set_setting

if TYPE_CHECKING:
    import sqlite_utils

TEXT_FIELDS = ("name", "summary", "content")
# The last local id given to a draft: a published draft's id is never given again (the
# reader's Back, a search's results may still name it).
LAST_DRAFT_ID_SETTING = "last_draft_article_id"
# A visit opened offline is named by its ticket's uuid too: RT numbers it on the way.
VISIT_UUID = "visit_uuid"
# A space HTML would fold away: one at a line's start, or after another.
_FOLDED_SPACE = re.compile(r"^ |(?<= ) ")


def as_html(text: str) -> str:
    """Plain text as the HTML body that shows it as typed, in RT's article page and in
    the reader: its characters escaped ("<OK>" is no tag), a ``<div>`` per line (an
    empty one holds a no-break space), runs of spaces kept.  No newline character:
    RT's page shows each one as a line break of its own, on top of the divs'."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").rstrip().split("\n")
    return "".join(
        f"<div>{_FOLDED_SPACE.sub('&nbsp;', html.escape(line, quote=False)) or '&nbsp;'}</div>"
        for line in lines
    )


def _next_draft_id(db: sqlite_utils.Database) -> int:
    """Below every id a draft had on this laptop: the last one given, and (in a replica
    from before it was kept) the drafts still here and those the outbox remembers."""
    below = db.execute(
        "SELECT MIN(id) FROM (SELECT MIN(id) AS id FROM articles UNION ALL"
        " SELECT MIN(json_extract(payload, '$.local_id')) FROM outbox WHERE kind = ?)",
        [KIND.name],
    ).fetchone()[0]
    last = int(get_setting(db, LAST_DRAFT_ID_SETTING) or 0)
    local_id = min(0, last, int(below or 0)) - 1
    set_setting(db, LAST_DRAFT_ID_SETTING, str(local_id))
    return local_id


def draft_article(
    db: sqlite_utils.Database,
    *,
    name: str,
    summary: str,
    content: str,
    visit_id: int | None = None,
) -> int:
    """A KB article written here, ``content`` plain text; published at the next sync,
    linked to the visit it came from (``visit_id``)."""
    if not name.strip() or not content.strip():
        raise InvalidChange("an article needs a title and a text")
    body = as_html(content)
    payload: dict[str, Any] = {"name": name.strip(), "summary": summary.strip(), "content": content}
    with transaction(db):
        if visit_id is not None:
            payload.update(_visit_of(db, visit_id))
        payload["local_id"] = local_id = _next_draft_id(db)
        texts = kb.indexed_texts(payload["name"], payload["summary"], body)
        db.execute(
            "INSERT INTO articles (id, name, summary, content, content_text, name_forms,"
            " text_forms, draft) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
            [local_id, payload["name"], payload["summary"], body, *texts],
        )
        enqueue(db, KIND.name, None, payload)
    return local_id


def _visit_of(db: sqlite_utils.Database, visit_id: int) -> dict[str, Any]:
    """How the payload names the visit: its number, and for one opened offline (no
    number yet) its ticket's uuid, which finds it once RT has numbered it."""
    if visit_id > 0:
        return {"visit_id": visit_id}
    row = db.execute("SELECT client_uuid FROM tickets WHERE id = ?", [visit_id]).fetchone()
    return {"visit_id": visit_id, VISIT_UUID: row[0]} if row and row[0] else {}


def _visit_to_link(ctx: PushContext, payload: dict[str, Any]) -> int | None:
    """The visit's number on the helpdesk (None: none named, or a visit opened offline
    and discarded).  Blocked while RT has not made the visit opened offline."""
    visit_id = payload.get("visit_id")
    uuid = payload.get(VISIT_UUID)
    if uuid is not None:
        row = ctx.db.execute("SELECT id FROM tickets WHERE client_uuid = ?", [uuid]).fetchone()
        visit_id = row[0] if row else None
        if visit_id is not None and visit_id < 0:
            raise Blocked  # published once its visit is on the helpdesk, linked to it
    return int(visit_id) if isinstance(visit_id, int) and visit_id > 0 else None


def _made_by(ctx: PushContext, row: OutboxRow) -> int | None:
    """The article this row made, if RT has it: the one of its name in the class, with
    its text.  A colleague's article of that name is not it: the draft is then sent, and
    RT's refusal of a second article of one name asks the user to rename the draft."""
    found = ctx.connector.find_article(row.payload["name"])
    if found is None:
        return None
    on_helpdesk = ctx.connector.fetch_article(found).content
    text = str(row.payload["content"])
    # As sent (an older build sent the text as typed).
    return found if any(_same_text(on_helpdesk, sent) for sent in (as_html(text), text)) else None


def _same_text(a: str, b: str) -> bool:
    return _comparable(a) == _comparable(b)


def _comparable(body: str) -> str:
    """A body as RT may give it back: RT 5.0.7's sanitiser keeps each ``&nbsp;`` that
    ``as_html`` wrote as the character itself."""
    return body.replace("\r\n", "\n").replace("&nbsp;", "\u00a0").strip()


class ArticleKind:
    name = "article"
    editable = frozenset(TEXT_FIELDS)
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"KB article draft: {row.payload.get('name', '')}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        p = row.payload
        visit_id = _visit_to_link(ctx, p)
        new_id = _made_by(ctx, row) if row.state == "in_flight" else None
        if new_id is None:
            ctx.before_sending_again(row)
            with sending(ctx.db, row):  # offline: still a draft the technician may edit
                new_id = ctx.connector.create_article(
                    NewArticleRequest(
                        name=p["name"], summary=p["summary"], content=as_html(p["content"])
                    )
                )
        if visit_id is not None:
            # Published now: a link RT refuses (the visit given away) is told, not
            # held (a retry could only send the link).  A lost answer leaves the row in
            # flight: the next sync finds the article and links it (RT keeps one link).
            try:
                ctx.connector.link_article_to_ticket(new_id, visit_id)
            except RejectedError as error:
                ctx.notices.append(
                    f"KB article #{new_id} ({p['name']}) is published, not linked to visit "
                    f"#{visit_id}: {error}"
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
        body = as_html(merged["content"])
        texts = kb.indexed_texts(merged["name"], merged["summary"], body)
        db.execute(
            "UPDATE articles SET name = ?, summary = ?, content = ?, content_text = ?,"
            " name_forms = ?, text_forms = ? WHERE id = ?",
            [merged["name"], merged["summary"], body, *texts, payload["local_id"]],
        )

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        db.execute("DELETE FROM articles WHERE id = ?", [row.payload["local_id"]])


KIND = ArticleKind()
