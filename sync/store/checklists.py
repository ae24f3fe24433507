"""Visit checklists in the replica: templates from RT, and a visit's ticks, values, photos.

Which templates a visit gets: those named by its *Visit Type* values (template
name = visit type, case ignored), plus any the technician adds on site.

**A template edited in RT while a checklist is half done** (``merge_template``):
items are matched by their text (case and spacing ignored).  Items still in the
template keep their ticks, values, comments and photos and take the new
wording marks (required, value, choices) and order; new items arrive unticked;
an item removed from the template stays, marked "no longer in the template",
when the technician had done anything with it, and goes when untouched.  A
reworded item is a new item (the old one stays if it was worked on).  So no
tick is ever lost and the checklist never shows items the supervisor removed
before anybody used them.  Checklists of resolved visits are not merged.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

from sync.checklist_format import TemplateItem, item_key, parse_template
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, now_iso

if TYPE_CHECKING:
    import sqlite_utils

if TYPE_CHECKING:  # the connector interface: only a sync hands the articles over
    from sync.connectors.base import RemoteArticle

CLOSED_STATUSES = ("resolved", "rejected")
CLOSED_OUT = ("resolved", "rejected", "closed")  # the work is over (sync.retention's statuses)
MAX_VALUE = 500
MAX_COMMENT = 2000
UNIT_MAX = 5  # "%", "pages", "dBm": a value's label this short is its unit
CHANGE_KIND = "checklist"  # the outbox kind a revision travels as (sync.changes.checklist)
REFUSED_STATES = ("rejected", "conflict")  # the helpdesk said no: the user decides


class ChecklistItem(NamedTuple):
    number: int  # 1-based, across the visit's checklists: what the CLI and the note say
    checklist_id: int
    key: str
    section: str
    text: str
    required: bool
    value_label: str | None
    choices: tuple[str, ...]
    in_template: bool
    ticked: bool
    value: str | None
    comment: str | None
    photo_path: str | None
    photo_name: str | None
    changed_by: str | None
    changed_at: str | None

    @property
    def asks_value(self) -> bool:
        return self.value_label is not None or bool(self.choices)

    @property
    def value_with_unit(self) -> str:
        """The value as it is read: "35 %", "48210 pages"; a label longer than a unit
        ("Firmware version") is what was asked, not what was read, and is left out."""
        if not self.value:
            return ""
        unit = (self.value_label or "").strip()
        typed_with_it = self.value.casefold().endswith(unit.casefold())  # "35%", "48210 pages"
        if not unit or len(unit) > UNIT_MAX or typed_with_it:
            return self.value
        return f"{self.value} {unit}"


class Checklist(NamedTuple):
    id: int
    ticket_id: int
    name: str
    origin: str
    reason: str | None
    revision: int
    queued_digest: str | None
    items: tuple[ChecklistItem, ...]
    # Its revision's outbox row while RT has not taken it: 'pending' or 'in_flight'
    # (waiting to be sent), 'rejected' or 'conflict' (refused).  None: RT has every
    # revision queued, or none was.
    outbox_state: str | None = None
    let_go: str | None = None  # the digest of a revision discarded from the outbox

    @property
    def counted(self) -> list[ChecklistItem]:
        """The items progress counts: those the template still has."""
        return [i for i in self.items if i.in_template]

    @property
    def done(self) -> int:
        return sum(1 for i in self.counted if i.ticked)

    @property
    def total(self) -> int:
        return len(self.counted)

    @property
    def missing_required(self) -> list[ChecklistItem]:
        return [i for i in self.counted if i.required and not i.ticked]

    @property
    def digest(self) -> str:
        """What a revision sent to RT says; equal digests need no new revision.

        A photo counts by the stored file it is (a new file each time one is picked,
        ``sync.attachments.import_file``), not by its name: a retake named like the
        first is a change.  An item without a photo counts as it always did, so a
        list without photos keeps the digest it was queued with before photos counted.
        """
        return _digest(self, photo_files=True)

    @property
    def changed_since_sent(self) -> bool:
        return self.revision > 0 and self.digest != self.queued_digest

    @property
    def worked(self) -> bool:
        """Anything done with it: a tick, a value, a comment or a photo."""
        return any(i.ticked or i.value or i.comment or i.photo_path for i in self.items)

    @property
    def not_queued(self) -> bool:
        """Work on the laptop that no revision in the outbox or on RT carries: changed
        since its last revision was queued, or worked on and never queued -- unless the
        technician discarded it as it is (the helpdesk need not get it)."""
        unsent = self.changed_since_sent if self.revision else self.worked
        return unsent and self.digest != self.let_go

    @property
    def delivery(self) -> str | None:
        """Where its last revision is: None (never queued), 'waiting' (in the outbox),
        'refused' (the helpdesk said no: see the Outbox) or 'sent' (RT has it)."""
        if not self.revision:
            return None
        if self.outbox_state in REFUSED_STATES:
            return "refused"
        return "waiting" if self.outbox_state else "sent"


def _digest(checklist: Checklist, *, photo_files: bool) -> str:
    """``photo_files=False``: the digest before photos counted by their file, which
    replicas queued their revisions with until then (see ``_queued_as_now``)."""
    import hashlib  # noqa: PLC0415 - OpenSSL's, loaded at a send: not with the window

    state: list[list[Any]] = []
    for i in checklist.items:
        said: list[Any] = [i.key, i.ticked, i.value, i.comment, i.photo_name, i.in_template]
        if photo_files and i.photo_path:
            said.append(_file_id(i.photo_path))
        state.append(said)
    reason = checklist.reason if checklist.missing_required else None
    raw = json.dumps([checklist.name, reason, state])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _file_id(path: str) -> str:
    """A stored file's own name (unique per import): the same wherever the profile is."""
    return PurePath(path).name


# ---------------------------------------------------------------------------
# Templates


def apply_remote_templates(db: sqlite_utils.Database, articles: list[RemoteArticle]) -> None:
    """Upsert templates and merge changed ones into open checklists. Inside a transaction."""
    for article in articles:
        if article.disabled:
            db.execute("DELETE FROM checklist_templates WHERE id = ?", [article.id])
            continue
        db.execute(
            "INSERT INTO checklist_templates (id, name, content, last_updated) VALUES (?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, content = excluded.content,"
            " last_updated = excluded.last_updated",
            [article.id, article.name, article.content, article.last_updated],
        )
        open_ids = db.execute(
            "SELECT c.id FROM checklists c JOIN tickets t ON t.id = c.ticket_id"
            " WHERE c.template_id = ? AND t.status NOT IN (?, ?)"
            " AND c.template_updated IS NOT ?",
            [article.id, *CLOSED_STATUSES, article.last_updated],
        ).fetchall()
        items = parse_template(article.content)
        for (checklist_id,) in open_ids:
            merge_template(db, checklist_id, items, article.last_updated)


def templates(db: sqlite_utils.Database) -> list[tuple[int, str]]:
    """(id, name) of every template, by name: what the technician may add on site."""
    rows = db.execute("SELECT id, name FROM checklist_templates ORDER BY name COLLATE NOCASE")
    return [(int(r[0]), str(r[1])) for r in rows]


def template_by_name(db: sqlite_utils.Database, name: str) -> int | None:
    row = db.execute(
        "SELECT id FROM checklist_templates WHERE name = ? COLLATE NOCASE ORDER BY id LIMIT 1",
        [name.strip()],
    ).fetchone()
    return int(row[0]) if row else None


def merge_template(
    db: sqlite_utils.Database,
    checklist_id: int,
    items: list[TemplateItem],
    template_updated: str | None,
) -> None:
    """Bring a checklist to a template's new items, keeping every piece of work (see top)."""
    worked = {
        str(r[0])
        for r in db.execute(
            "SELECT key FROM checklist_items WHERE checklist_id = ? AND (ticked = 1"
            " OR value IS NOT NULL OR comment IS NOT NULL OR photo_path IS NOT NULL)",
            [checklist_id],
        )
    }
    keys = {item.key for item in items}
    for position, item in enumerate(items):
        db.execute(
            "INSERT INTO checklist_items (checklist_id, key, position, section, text, required,"
            " value_label, choices) VALUES (?,?,?,?,?,?,?,?)"
            " ON CONFLICT(checklist_id, key) DO UPDATE SET position = excluded.position,"
            " section = excluded.section, text = excluded.text, required = excluded.required,"
            " value_label = excluded.value_label, choices = excluded.choices, in_template = 1",
            [
                checklist_id,
                item.key,
                position,
                item.section,
                item.text,
                int(item.required),
                item.value_label,
                json.dumps(list(item.choices)),
            ],
        )
    gone = db.execute(
        "SELECT key FROM checklist_items WHERE checklist_id = ?", [checklist_id]
    ).fetchall()
    for (key,) in gone:
        if key in keys:
            continue
        if key in worked:  # kept for its work, after the template's items
            db.execute(
                "UPDATE checklist_items SET in_template = 0, position = ? + position"
                " WHERE checklist_id = ? AND key = ? AND in_template = 1",
                [len(items) + 10_000, checklist_id, key],
            )
        else:
            db.execute(
                "DELETE FROM checklist_items WHERE checklist_id = ? AND key = ?",
                [checklist_id, key],
            )
    db.execute(
        "UPDATE checklists SET template_updated = ? WHERE id = ?", [template_updated, checklist_id]
    )


# ---------------------------------------------------------------------------
# A visit's checklists


def remember_visit_types(db: sqlite_utils.Database, ticket_id: int, names: tuple[str, ...]) -> None:
    """The visit's Visit Type values (read-only here: supervisors set them in RT)."""
    db.execute(
        "UPDATE tickets SET visit_types = ? WHERE id = ?", [json.dumps(list(names)), ticket_id]
    )


def visit_types(db: sqlite_utils.Database, ticket_id: int) -> list[str]:
    row = db.execute("SELECT visit_types FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    return [str(v) for v in json.loads(row[0] or "[]")] if row else []


def ensure_checklists(db: sqlite_utils.Database, ticket_id: int) -> None:
    """Give a visit the checklists its Visit Type names (idempotent; its own transaction).

    Writes only when one is missing: the window calls this when it shows a visit,
    and must not wait for the write lock a sync may hold.
    """
    wanted = [t for t in (template_by_name(db, n) for n in visit_types(db, ticket_id)) if t]
    have = {
        int(r[0])
        for r in db.execute(
            "SELECT template_id FROM checklists WHERE ticket_id = ? AND template_id IS NOT NULL",
            [ticket_id],
        )
    }
    wanted = [t for t in wanted if t not in have]
    if not wanted:
        return
    with transaction(db):
        for template_id in wanted:
            _instantiate(db, ticket_id, template_id, "visit type")


def ensure_all_checklists(db: sqlite_utils.Database) -> None:
    """Every open visit with a Visit Type gets its checklists (after a pull)."""
    rows = db.execute(
        "SELECT id FROM tickets WHERE visit_types != '[]' AND status NOT IN (?, ?)",
        list(CLOSED_STATUSES),
    ).fetchall()
    for (ticket_id,) in rows:
        ensure_checklists(db, int(ticket_id))


def add_checklist(db: sqlite_utils.Database, ticket_id: int, template_name: str) -> int:
    """The technician adds another template to the visit; returns the checklist id."""
    template_id = template_by_name(db, template_name)
    if template_id is None:
        raise InvalidChange(f"there is no checklist template named '{template_name.strip()}'")
    with transaction(db):
        if db.execute("SELECT 1 FROM tickets WHERE id = ?", [ticket_id]).fetchone() is None:
            raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
        return _instantiate(db, ticket_id, template_id, "added")


def _instantiate(db: sqlite_utils.Database, ticket_id: int, template_id: int, origin: str) -> int:
    name, content, updated = db.execute(
        "SELECT name, content, last_updated FROM checklist_templates WHERE id = ?", [template_id]
    ).fetchone()
    existing = db.execute(
        "SELECT id FROM checklists WHERE ticket_id = ? AND name = ?", [ticket_id, name]
    ).fetchone()
    if existing:
        return int(existing[0])
    cursor = db.execute(
        "INSERT INTO checklists (ticket_id, template_id, name, origin, created) VALUES (?,?,?,?,?)",
        [ticket_id, template_id, name, origin, now_iso()],
    )
    checklist_id = int(cursor.lastrowid or 0)
    merge_template(db, checklist_id, parse_template(content), updated)
    return checklist_id


_ITEM_COLUMNS = (
    "checklist_id, key, section, text, required, value_label, choices, in_template, ticked,"
    " value, comment, photo_path, photo_name, changed_by, changed_at"
)


def checklists(db: sqlite_utils.Database, ticket_id: int) -> list[Checklist]:
    """The visit's checklists with their items, numbered across the visit."""
    heads = db.execute(
        "SELECT id, ticket_id, name, origin, reason, revision, queued_digest, let_go"
        " FROM checklists WHERE ticket_id = ? ORDER BY id",
        [ticket_id],
    ).fetchall()
    open_states = _open_outbox_states(db, ticket_id) if heads else {}
    result: list[Checklist] = []
    number = 0
    for head in heads:
        items = []
        for r in db.execute(
            f"SELECT {_ITEM_COLUMNS} FROM checklist_items WHERE checklist_id = ? ORDER BY position",
            [head[0]],
        ):
            number += 1
            items.append(
                ChecklistItem(
                    number,
                    int(r[0]),
                    r[1],
                    r[2],
                    r[3],
                    bool(r[4]),
                    r[5],
                    tuple(json.loads(r[6])),
                    bool(r[7]),
                    bool(r[8]),
                    r[9],
                    r[10],
                    r[11],
                    r[12],
                    r[13],
                    r[14],
                )
            )
        checklist = Checklist(
            id=int(head[0]),
            ticket_id=int(head[1]),
            name=str(head[2]),
            origin=str(head[3]),
            reason=head[4],
            revision=int(head[5]),
            queued_digest=head[6],
            items=tuple(items),
            outbox_state=open_states.get(int(head[0])),
            let_go=head[7],
        )
        result.append(_queued_as_now(db, checklist))
    return result


def _open_outbox_states(db: sqlite_utils.Database, ticket_id: int) -> dict[int, str]:
    """{checklist id: the state of its revision not yet taken by RT}; a refused one
    says more than one waiting behind it."""
    found: dict[int, str] = {}
    for checklist_id, state in db.execute(
        "SELECT json_extract(payload, '$.checklist_id'), state FROM outbox"
        " WHERE ticket_ref = ? AND state != 'done' AND kind = ? ORDER BY seq",
        [ticket_id, CHANGE_KIND],
    ):
        if checklist_id is not None and found.get(int(checklist_id)) not in REFUSED_STATES:
            found[int(checklist_id)] = str(state)
    return found


def _queued_as_now(db: sqlite_utils.Database, checklist: Checklist) -> Checklist:
    """A revision queued before photos counted by their file (see ``Checklist.digest``)
    has the old digest: it is read as the new one when its photos are the very files
    its outbox row took, so an unchanged list is not sent again after the upgrade.
    A photo replaced since (same name, another file) stays a change.  The row may be
    gone (kept no longer): then the list is taken as queued, as it was before."""
    queued = checklist.queued_digest
    if not queued or not any(i.photo_path for i in checklist.items):
        return checklist
    now = checklist.digest
    if queued == now or queued != _digest(checklist, photo_files=False):
        return checklist
    row = db.execute(
        "SELECT json_extract(payload, '$.attachments') FROM outbox WHERE ticket_ref = ?"
        " AND kind = ? AND json_extract(payload, '$.checklist_id') = ? ORDER BY seq DESC",
        [checklist.ticket_id, CHANGE_KIND, checklist.id],
    ).fetchone()
    if row is not None:
        sent = sorted(_file_id(str(f.get("path", ""))) for f in json.loads(row[0] or "[]"))
        if sent != sorted(_file_id(i.photo_path) for i in checklist.items if i.photo_path):
            return checklist  # a photo was replaced after that revision was queued
    return checklist._replace(queued_digest=now)


def holds_work_not_queued(db: sqlite_utils.Database, ticket_id: int) -> bool:
    """Whether a checklist of the visit holds work no revision carries (``not_queued``):
    retention keeps such a visit (``sync.retention``)."""
    return any(c.not_queued for c in checklists(db, ticket_id))


def visit_closed_out(db: sqlite_utils.Database, ticket_id: int) -> bool:
    """Resolved, rejected or closed here (or on the helpdesk): its checklists are final,
    and a change to them once sent is a correction that goes to RT by itself."""
    row = db.execute("SELECT status FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    return row is not None and str(row[0]) in CLOSED_OUT


def progress_by_visit(db: sqlite_utils.Database) -> dict[int, tuple[int, int]]:
    """{ticket id: (done, total)} for the visit list, in one query."""
    rows = db.execute(
        "SELECT c.ticket_id, SUM(i.ticked), COUNT(*) FROM checklists c"
        " JOIN checklist_items i ON i.checklist_id = c.id WHERE i.in_template = 1"
        " GROUP BY c.ticket_id"
    ).fetchall()
    return {int(r[0]): (int(r[1] or 0), int(r[2])) for r in rows}


def item(db: sqlite_utils.Database, ticket_id: int, number: int) -> ChecklistItem:
    for checklist in checklists(db, ticket_id):
        for candidate in checklist.items:
            if candidate.number == number:
                return candidate
    raise InvalidChange(f"visit #{ticket_id} has no checklist item {number}")


# ---------------------------------------------------------------------------
# Work on items: each call is one durable transaction.  On a visit closed out whose
# checklists were sent, the same transaction queues the change as their next revision
# (``sync.changes.checklist.send_correction``): RT keeps up, and the outbox -- the one
# place every "unsent" count reads -- holds it until RT has it.


def tick(
    db: sqlite_utils.Database, ticket_id: int, number: int, ticked: bool, *, by: str
) -> ChecklistItem:
    return _update(db, ticket_id, number, {"ticked": int(ticked)}, by)


def set_value(
    db: sqlite_utils.Database, ticket_id: int, number: int, value: str, *, by: str
) -> ChecklistItem:
    """Record a reading, a serial or a choice; a value given ticks the item."""
    target = item(db, ticket_id, number)
    value = " ".join(value.split())
    if len(value) > MAX_VALUE:
        raise InvalidChange(f"a value is at most {MAX_VALUE} characters")
    if value and target.choices:
        matches = [c for c in target.choices if c.casefold() == value.casefold()]
        if not matches:
            raise InvalidChange(
                f"item {number} takes one of: {', '.join(target.choices)} (not '{value}')"
            )
        value = matches[0]
    changes: dict[str, Any] = {"value": value or None}
    if value:
        changes["ticked"] = 1
    return _update(db, ticket_id, number, changes, by)


def set_comment(
    db: sqlite_utils.Database, ticket_id: int, number: int, comment: str, *, by: str
) -> ChecklistItem:
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidChange(f"a comment is at most {MAX_COMMENT} characters")
    return _update(db, ticket_id, number, {"comment": comment or None}, by)


def set_photo(
    db: sqlite_utils.Database,
    ticket_id: int,
    number: int,
    photo: dict[str, Any] | None,
    *,
    by: str,
) -> ChecklistItem:
    """``photo``: an imported file (``sync.attachments.import_file``), or None to remove it.

    The photo it replaces leaves the laptop after the commit, unless a row still names
    it (a revision queued or sent with it): a photo retaken three times is one file."""
    replaced = item(db, ticket_id, number).photo_path
    changes = {
        "photo_path": photo["path"] if photo else None,
        "photo_name": photo["filename"] if photo else None,
    }
    updated = _update(db, ticket_id, number, changes, by)
    if replaced:
        # Retention knows every row that names a stored file; imported at the change.
        from sync.retention import remove_if_unnamed  # noqa: PLC0415

        remove_if_unnamed(db, replaced)
    return updated


def set_reason(db: sqlite_utils.Database, checklist_id: int, reason: str | None) -> None:
    with transaction(db):
        db.execute(
            "UPDATE checklists SET reason = ? WHERE id = ?",
            [(reason or "").strip() or None, checklist_id],
        )


def _update(
    db: sqlite_utils.Database, ticket_id: int, number: int, changes: dict[str, Any], by: str
) -> ChecklistItem:
    with transaction(db):
        target = item(db, ticket_id, number)
        changes = {**changes, "changed_by": by, "changed_at": now_iso()}
        assignments = ", ".join(f"{column} = ?" for column in changes)
        db.execute(
            f"UPDATE checklist_items SET {assignments} WHERE checklist_id = ? AND key = ?",
            [*changes.values(), target.checklist_id, target.key],
        )
        # The changes (sending) build on this module: imported at the write.
        from sync.changes.checklist import send_correction  # noqa: PLC0415

        send_correction(db, ticket_id, author=by)
    return item(db, ticket_id, number)


def find_key(items: list[ChecklistItem], text: str) -> ChecklistItem | None:
    """An item by its text (as written in the template), for tests and scripts."""
    key = item_key(text)
    return next((i for i in items if i.key == key), None)
