"""A photo sent from this laptop is listed once after the sync brings RT's record of it."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from sync.connectors.base import RemoteAttachment
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.files import files_of, remember_remote_file
from tests.sync.older_replica import replica_before
from tests.sync.test_store import remote_ticket

TICKET, MESSAGE = 7, 50


def sent_photo(db: sqlite_utils.Database, name: str = "IMG_0043.jpg") -> None:
    """A photo added here and delivered: RT's message id known, RT's file id not."""
    db.execute(
        "INSERT INTO attachments (ticket_id, transaction_id, client_uuid, filename,"
        " content_type, size, path) VALUES (?, ?, 'u-1', ?, 'image/jpeg', 806, ?)",
        [TICKET, MESSAGE, name, f"files/{name}.sealed"],
    )


def rt_record(file_id: int, name: str = "IMG_0043.jpg") -> RemoteAttachment:
    return RemoteAttachment(file_id, MESSAGE, name, "image/jpeg", 806)


def test_rts_record_of_a_sent_photo_is_the_photo_already_listed(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
        sent_photo(db)
        remember_remote_file(db, TICKET, MESSAGE, rt_record(1404))
        remember_remote_file(db, TICKET, MESSAGE, rt_record(1404))  # the history read again
    [photo] = files_of(db, TICKET)
    assert (photo.id, photo.unsent, photo.path) == (1404, False, "files/IMG_0043.jpg.sealed")


def test_two_photos_of_one_name_in_one_message_stay_two(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
        sent_photo(db, "image.jpg")
        sent_photo(db, "image.jpg")
        remember_remote_file(db, TICKET, MESSAGE, rt_record(1404, "image.jpg"))
        remember_remote_file(db, TICKET, MESSAGE, rt_record(1405, "image.jpg"))
    assert [(f.id, f.unsent) for f in files_of(db, TICKET)] == [(1404, False), (1405, False)]


def test_an_update_lists_a_photo_an_older_build_listed_twice_once(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with replica_before(path, "file_twins") as old, transaction(old):
        ticket_store.apply_remote_ticket(old, remote_ticket())
        sent_photo(old)
        old.execute(  # as the older pull listed it: RT's id, not downloaded
            "INSERT INTO attachments (id, ticket_id, transaction_id, filename, content_type,"
            " size) VALUES (1404, ?, ?, 'IMG_0043.jpg', 'image/jpeg', 806)",
            [TICKET, MESSAGE],
        )

    [photo] = files_of(open_database(path), TICKET)
    assert (photo.id, photo.unsent, photo.path) == (1404, False, "files/IMG_0043.jpg.sealed")
