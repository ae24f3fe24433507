"""A profile of an older FieldDesk: its plaintext files are encrypted at the first sync,
and a photo it had not sent yet still reaches the helpdesk byte for byte."""

from __future__ import annotations

import os

import pytest

from devrt.instance import RunningRT
from sync import file_vault, outbox
from sync.profile import Profile
from sync.session import LEGACY_FILES_SEALED, Session, sign_in
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt


def test_an_unsent_plaintext_photo_is_encrypted_then_sent_whole(
    rt: RunningRT, profile: Profile
) -> None:
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        visit = next(v for v in ticket_store.list_visits(session.db) if v.status == "open")
        # What an older FieldDesk left: the photo in plain, named by a note not sent yet,
        # and a replica without this FieldDesk's "no file left plain" mark.
        set_setting(session.db, LEGACY_FILES_SEALED, "")
        photo = b"\xff\xd8\xff\xe0 legacy photo " + os.urandom(300_000)
        stored = profile.attachments_dir / "outgoing" / f"{'b' * 32}-meter.jpg"
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_bytes(photo)
        item = {
            "path": str(stored),
            "filename": "meter.jpg",
            "content_type": "image/jpeg",
            "size": len(photo),
        }
        outbox.add_note(
            session.db, visit.id, "Meter reading photo.", author="alice", attachments=[item]
        )

        report = session.sync()
        assert report.ok and report.pushed == 1
    finally:
        session.close()

    on_disk = stored.read_bytes()
    assert photo[100:200] not in on_disk and file_vault.read_plain(stored) == photo
    boss = connector(rt, "supervisor")
    [note] = [
        t
        for t in boss.fetch_history(visit.id, 0)
        if (t.body or "").strip() == "Meter reading photo."
    ]
    [sent] = note.attachments
    assert boss.fetch_attachment(sent.id, len(photo) + 4096) == photo
