"""A checklist photo retaken under the same file name is a change RT gets; a checklist
queued before photos counted by their file is not sent again when nothing changed; and
a checklist says whether RT has its revision or it still waits in the outbox."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from sync import attachments, outbox
from sync.changes.checklist import KIND, send_checklists
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import checklists as store
from sync.store import open_database, transaction
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

TEMPLATE = "Toner level [value: %]\nRear door photo\nDoor locked\n"
PHOTO_ITEM = 2


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket())
        store.remember_visit_types(database, 7, ("Printer check",))
        store.apply_remote_templates(
            database,
            [RemoteArticle(40, "Printer check", "", TEMPLATE, "2026-11-20T08:00:00Z", False)],
        )
    store.ensure_checklists(database, 7)
    return database


def take_photo(db: sqlite_utils.Database, profile: Profile, picture: Path, data: bytes) -> None:
    """``fielddesk checklist photo 7 2 <picture>``."""
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(data)
    photo = attachments.import_file(profile.attachments_dir, picture)
    store.set_photo(db, 7, PHOTO_ITEM, photo, by="alice")


def delivered(db: sqlite_utils.Database) -> None:
    for row in outbox_store.rows(db):
        outbox_store.mark_done(db, row.seq)


def sent_photo(db: sqlite_utils.Database) -> str:
    (row,) = [r for r in outbox_store.rows(db) if r.kind == KIND.name]
    (photo,) = row.payload["attachments"]
    return str(photo["path"])


def test_a_photo_retaken_under_the_same_name_is_sent_again(
    db: sqlite_utils.Database, profile: Profile, tmp_path: Path
) -> None:
    take_photo(db, profile, tmp_path / "photo1.jpg", b"\xff\xd8 first, blurred")
    send_checklists(db, 7, author="alice")
    delivered(db)
    (checklist,) = store.checklists(db, 7)
    assert not checklist.changed_since_sent

    take_photo(db, profile, tmp_path / "retake" / "photo1.jpg", b"\xff\xd8 second, sharp")

    (checklist,) = store.checklists(db, 7)
    assert checklist.changed_since_sent
    assert len(send_checklists(db, 7, author="alice")) == 1, "RT gets the new photo"
    assert Path(sent_photo(db)) == Path(store.item(db, 7, PHOTO_ITEM).photo_path or "")
    assert send_checklists(db, 7, author="alice") == [], "and then nothing new"


def test_a_list_without_photos_keeps_the_digest_it_was_queued_with(
    db: sqlite_utils.Database,
) -> None:
    store.set_value(db, 7, 1, "35", by="alice")
    (checklist,) = store.checklists(db, 7)
    assert checklist.digest == digest_before_photos_counted(checklist)


def test_a_list_queued_before_the_upgrade_is_not_sent_again_unless_its_photo_changed(
    db: sqlite_utils.Database, profile: Profile, tmp_path: Path
) -> None:
    take_photo(db, profile, tmp_path / "photo1.jpg", b"\xff\xd8 first")
    send_checklists(db, 7, author="alice")
    delivered(db)
    queued_before_the_upgrade(db)

    assert send_checklists(db, 7, author="alice") == [], "unchanged: not sent again"
    (checklist,) = store.checklists(db, 7)
    assert not checklist.changed_since_sent

    queued_before_the_upgrade(db)
    take_photo(db, profile, tmp_path / "retake" / "photo1.jpg", b"\xff\xd8 retaken")
    (checklist,) = store.checklists(db, 7)
    assert checklist.changed_since_sent
    assert len(send_checklists(db, 7, author="alice")) == 1


def test_a_revision_waits_in_the_outbox_until_rt_has_it(db: sqlite_utils.Database) -> None:
    (checklist,) = store.checklists(db, 7)
    assert checklist.delivery is None
    send_checklists(db, 7, author="alice")
    (checklist,) = store.checklists(db, 7)
    assert checklist.delivery == "waiting"
    (row,) = outbox_store.rows(db)
    outbox_store.mark_rejected(db, row.seq, "RT said no")
    assert store.checklists(db, 7)[0].delivery == "refused"
    outbox.discard(db, row.seq)
    assert store.checklists(db, 7)[0].delivery is None
    send_checklists(db, 7, author="alice")
    delivered(db)
    assert store.checklists(db, 7)[0].delivery == "sent"
    assert KIND.name == store.CHANGE_KIND


# -- a replica as the version before this one left it ------------------------------------


def digest_before_photos_counted(checklist: store.Checklist) -> str:
    """``Checklist.digest`` as it was: a photo counted by its name only."""
    state: list[Any] = [
        (i.key, i.ticked, i.value, i.comment, i.photo_name, i.in_template) for i in checklist.items
    ]
    reason = checklist.reason if checklist.missing_required else None
    raw = json.dumps([checklist.name, reason, state])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def queued_before_the_upgrade(db: sqlite_utils.Database) -> None:
    (checklist,) = store.checklists(db, 7)
    with transaction(db):
        db.execute(
            "UPDATE checklists SET queued_digest = ? WHERE id = ?",
            [digest_before_photos_counted(checklist), checklist.id],
        )
