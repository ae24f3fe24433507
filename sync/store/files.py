"""The files of a visit as the app lists them (attachments table)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RemoteAttachment


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


def remember_remote_file(
    db: sqlite_utils.Database, ticket_id: int, txn_id: int, file: RemoteAttachment
) -> None:
    """RT's record of a file of the visit's message ``txn_id``.

    A file sent from this laptop is listed already, its bytes here: it takes RT's
    id (so it is sent, and never downloaded again) instead of being listed twice,
    once "not yet sent".  Two of one message's files with one name pair up in order.
    """
    # By the message alone: sent to a ticket RT had merged into ticket_id, it is this one's.
    twin = db.execute(
        "SELECT rowid FROM attachments WHERE id IS NULL AND transaction_id = ?"
        " AND filename = ? ORDER BY rowid LIMIT 1",
        [txn_id, file.filename],
    ).fetchone()
    listed = db.execute("SELECT path FROM attachments WHERE id = ?", [file.id]).fetchone()
    if twin is not None and (listed is None or listed[0] is None):
        # (Listed but not downloaded: the same file listed twice by an older build.)
        db.execute("DELETE FROM attachments WHERE id = ?", [file.id])
        db.execute(
            "UPDATE attachments SET id = ?, ticket_id = ? WHERE rowid = ?",
            [file.id, ticket_id, twin[0]],
        )
        return
    db.execute(
        "INSERT INTO attachments (id, ticket_id, transaction_id, filename, content_type, size)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET ticket_id = excluded.ticket_id",
        [file.id, ticket_id, txn_id, file.filename, file.content_type, file.size],
    )
