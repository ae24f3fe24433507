"""The files of a visit as the app lists them (attachments table)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import sqlite_utils


class VisitFile(NamedTuple):
    key: int  # local row id: stable whether or not the file reached the helpdesk
    id: int | None  # helpdesk id; None while only here
    filename: str
    content_type: str
    size: int
    path: str | None  # on this laptop; None = not downloaded yet
    created: str | None
    transaction_id: int | None  # the message it came with (once on the helpdesk)
    client_uuid: str | None  # the note it was added with here

    @property
    def unsent(self) -> bool:
        return self.id is None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def files_of(db: sqlite_utils.Database, ticket_id: int) -> list[VisitFile]:
    """A visit's files, oldest first, with when their message was written."""
    rows = db.execute(
        "SELECT a.rowid, a.id, a.filename, a.content_type, a.size, a.path,"
        " COALESCE(h.created, hl.created), a.transaction_id, a.client_uuid"
        " FROM attachments a"
        " LEFT JOIN history h ON h.id = a.transaction_id"
        " LEFT JOIN history hl ON hl.client_uuid = a.client_uuid"
        " WHERE a.ticket_id = ? ORDER BY a.rowid",
        [ticket_id],
    ).fetchall()
    return [VisitFile(*row) for row in rows]


def file_by_key(db: sqlite_utils.Database, key: int) -> VisitFile | None:
    row = db.execute(
        "SELECT rowid, id, filename, content_type, size, path, NULL, transaction_id, client_uuid"
        " FROM attachments"
        " WHERE rowid = ?",
        [key],
    ).fetchone()
    return VisitFile(*row) if row else None
