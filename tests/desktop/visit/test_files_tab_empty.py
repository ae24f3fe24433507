"""A visit's Files tab with no files says what comes there, not an empty table."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.visit.files_panel import FilesPanel
from sync.store.files import VisitFile


def test_no_files_says_what_comes_here_and_a_file_shows_the_list(qtbot: QtBot) -> None:
    panel = FilesPanel()
    qtbot.addWidget(panel)
    panel.set_files([])
    assert panel.shown.currentWidget() is panel.shown.note
    assert panel.shown.note.text().startswith("No files on this visit yet.")
    assert not panel.open_button.isEnabled()
    assert panel.add_button.isEnabled()  # the way to add the first one stays
    photo = VisitFile(
        key=5, id=None, filename="fuser-area.jpg", content_type="image/jpeg", size=180_000,
        path=None, created="2026-12-05T09:30:00Z", transaction_id=None, client_uuid="u1",
    )  # fmt: skip
    panel.set_files([photo])
    assert panel.shown.currentWidget() is panel.list
    assert panel.list.topLevelItemCount() == 1


def test_a_file_deleted_from_the_laptop_is_not_said_to_be_on_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    panel = FilesPanel()
    qtbot.addWidget(panel)
    kept, gone = tmp_path / "1-report.pdf", tmp_path / "2-photo.jpg"
    kept.write_bytes(b"%PDF")
    files = [
        VisitFile(
            key=n,
            id=n,
            filename=path.name,
            content_type="application/octet-stream",
            size=4,
            path=str(path),
            created="2026-12-05T09:30:00Z",
            transaction_id=None,
            client_uuid=None,
        )
        for n, path in ((1, kept), (2, gone))
    ]
    panel.set_files(files)
    where = [panel.list.topLevelItem(r).text(3) for r in range(2)]  # type: ignore[union-attr]
    assert where == ["on this laptop", "no longer on this laptop: downloads when opened"]
