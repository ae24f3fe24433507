"""A lost laptop leaks no file: downloads, photos, signatures and reports are encrypted
on disk, yet the technician opens them all and the helpdesk gets them byte for byte."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtGui import QDesktopServices, QImage
from pytestqt.qtbot import QtBot

from desktop.common.messages import Level, Message
from desktop.visit import VisitDetail
from desktop.visit.composer import NoteDialog
from devrt.instance import RunningRT
from sync import file_vault, outbox
from sync.connectors.base import NewAttachment, NoteRequest, RemoteAttachment
from sync.profile import Profile
from sync.session import Session
from sync.store import files as file_store
from sync.store import tickets as ticket_store
from tests.desktop.visit import helpers
from tests.desktop.visit.conftest import acme_printer_visit
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt

DATABASE_FILES = {"fielddesk.db", "fielddesk.db-wal", "fielddesk.db-shm"}
SIGNER = "Ottoline Quarrington"


def noisy_photo(path: Path) -> Path:
    """A phone photo's worth of detail (noise compresses as badly as a real scene)."""
    image = QImage(os.urandom(320 * 240 * 4), 320, 240, QImage.Format.Format_RGB32)
    assert image.save(str(path), quality=95)
    return path


def raw_profile_bytes(profile: Profile) -> bytes:
    """Every file of the profile as a thief copying the folder gets it, but the database."""
    return b"\n".join(
        path.read_bytes()
        for path in sorted(profile.root.rglob("*"))
        if path.is_file() and path.name not in DATABASE_FILES
    )


def pieces(data: bytes, count: int = 24, size: int = 24) -> list[bytes]:
    """Stretches of a file spread over all of it: any of them on disk is a leak."""
    step = max(1, (len(data) - size) // count)
    return [data[i : i + size] for i in range(0, len(data) - size, step)][:count]


def todays_visit(db: sqlite_utils.Database) -> ticket_store.Visit:
    today = datetime.now(UTC).date().isoformat()
    return next(v for v in ticket_store.list_visits(db) if (v.visit_start or "") >= today)


def rt_files(rt: RunningRT, ticket_id: int, text: str) -> dict[str, bytes]:
    """The files of the ticket's note that starts with text, as the helpdesk holds them."""
    boss = connector(rt, "supervisor")
    [note] = [t for t in boss.fetch_history(ticket_id, 0) if (t.body or "").startswith(text)]
    found: list[RemoteAttachment] = note.attachments
    return {a.filename: boss.fetch_attachment(a.id, a.size + 4096) for a in found}


def test_a_copied_profile_holds_no_file_content_yet_the_app_reads_everything(
    panel: VisitDetail,
    *,
    qtbot: QtBot,
    db: sqlite_utils.Database,
    alice: Profile,
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: list[Message],
) -> None:
    # The office attaches the gate code to a visit of today: the sync brings it down.
    gate_text = f"Gate code 7731-{uuid.uuid4().hex[:6]}: ask Julie Marsh at reception".encode()
    coming = todays_visit(db)
    connector(rt, "supervisor").add_note(
        NoteRequest(
            coming.id,
            str(uuid.uuid4()),
            "Access details attached.",
            attachments=(NewAttachment("access.txt", "text/plain", gate_text),),
        )
    )
    session = Session(alice)
    try:
        report = session.sync()
        assert report.ok and report.files_fetched >= 1
    finally:
        session.close()
    [downloaded] = [f for f in file_store.files_of(db, coming.id) if f.filename == "access.txt"]
    assert downloaded.path is not None

    # On site: a photo on a note, then the customer signs the service report.
    photo = noisy_photo(tmp_path / "fuser.jpg")
    helpers.drop_files(panel, [photo])
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text, "Old fuser, worn sleeve.")
    helpers.save(qtbot, panel, dialog)
    helpers.sign_report(qtbot, panel, SIGNER)
    [report_row] = [r for r in outbox.rows(db) if "signed on site" in r.payload["content"]]
    png, pdf = (Path(a["path"]) for a in report_row.payload["attachments"])
    report_pdf = file_vault.read_plain(pdf)
    signature_png = file_vault.read_plain(png)
    assert report_pdf.startswith(b"%PDF-") and signature_png.startswith(b"\x89PNG")

    # Before and after sending, a copy of the folder shows none of it.
    for moment in ("before sending", "after sending"):
        raw = raw_profile_bytes(alice)
        assert gate_text not in raw and b"7731-" not in raw, moment
        for name, data in (
            ("photo", photo.read_bytes()),
            ("report", report_pdf),
            ("signature", signature_png),
        ):
            leaked = [p for p in pieces(data) if p in raw]
            assert not leaked, f"{name} {moment}: {leaked[:2]}"
        assert b"%PDF-" not in raw and b"JFIF" not in raw and b"\x89PNG" not in raw, moment
        if moment == "before sending":
            session = Session(alice)
            try:
                assert session.sync().ok
            finally:
                session.close()

    # The helpdesk got every file byte for byte (decrypted by the sending laptop).
    visit = acme_printer_visit(db)
    assert rt_files(rt, visit.id, "Old fuser, worn sleeve.") == {"fuser.jpg": photo.read_bytes()}
    sent = rt_files(rt, visit.id, "Service report signed on site")
    assert sorted(sent.values()) == sorted([report_pdf, signature_png])

    # The technician reads them all: through the store, and opened in a viewer.
    assert file_vault.read_plain(Path(downloaded.path)) == gate_text
    opened: list[Path] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(Path(url.toLocalFile())) or True
    )
    panel.show_visit(coming.id)
    panel.opener.open_file(downloaded.key)
    qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
    assert opened[0].read_bytes() == gate_text
    assert not opened[0].is_relative_to(alice.root)  # the plaintext copy is outside the profile
    if os.name != "nt":
        assert oct(opened[0].parent.parent.stat().st_mode & 0o777) == "0o700"

    # A file changed on disk opens nothing and says so in one line.
    stored = Path(downloaded.path)
    blob = stored.read_bytes()
    stored.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0x01]))
    panel.opener.open_file(downloaded.key)
    qtbot.waitUntil(lambda: any("damaged on disk" in m.text for m in said), timeout=15_000)
    [error] = [m for m in said if "damaged on disk" in m.text]
    assert error.level == Level.ERROR
    assert error.text.startswith(
        "access.txt: this downloaded copy was damaged on disk and has been removed; "
        "it will be downloaded again at the next sync"
    )
    assert len(opened) == 1 and not stored.exists()
