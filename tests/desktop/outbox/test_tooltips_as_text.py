"""Hovering a refused change shows what it is and the helpdesk's words as written:
never as markup, never loading an image they name from this laptop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.outbox.model import OutboxModel
from sync import outbox
from sync.store.outbox import mark_rejected
from tests.desktop.common.shown_as_qt_would import hostile_image, tooltip_shows
from tests.hostile_replica import VISIT_ID, hostile_replica


def test_a_refused_changes_tooltips_show_their_text_as_written(tmp_path: Path) -> None:
    img = hostile_image(tmp_path)
    hostile = hostile_replica(tmp_path / "fd.db", tmp_path / "files")
    short = "<img src=a.png>"  # the line is cut to a few dozen characters
    outbox.set_fields(hostile.db, VISIT_ID, {"parts_used": f"{short} 2 x fuser"})
    [row] = outbox.rows(hostile.db)
    mark_rejected(hostile.db, row.seq, f"Invalid value '{img}' for Parts Used")
    model = OutboxModel()
    model.set_rows(outbox.rows(hostile.db))
    hostile.db.close()

    def tip(column: int) -> str:
        return tooltip_shows(model.index(0, column).data(Qt.ItemDataRole.ToolTipRole))

    assert tip(0) == f"Parts used of #{VISIT_ID} → {short} 2 x fuser"
    assert tip(4) == f"Invalid value '{img}' for Parts Used"
