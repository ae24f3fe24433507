"""Deciding an equipment conflict quotes the asset's name as written on the helpdesk:
never as markup, never loading an image it names from this laptop."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.conflicts.view import ConflictsView
from sync.store import assets as store
from sync.store import open_database, transaction
from tests.desktop.common.shown_as_qt_would import hostile_image, label_shows
from tests.desktop.gui_helpers import Said
from tests.sync.test_assets import remote_asset


def test_the_outcome_names_the_asset_as_written(qtbot: QtBot, tmp_path: Path) -> None:
    img = hostile_image(tmp_path)
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        store.upsert_remote_asset(db, remote_asset(2, name=f"{img}PRN"), in_inventory=True)
        db.execute(
            "INSERT INTO asset_conflicts (asset_id, field, base, mine, theirs, outbox_seq,"
            " created) VALUES (2, 'warranty', '2026-06-30', '2028-01-31', '2027-06-30', 1,"
            " '2026-12-01T09:00:00Z')"
        )
    view = ConflictsView(db, Said().bridge)
    qtbot.addWidget(view)
    view.show()
    view.table.selectRow(0)
    view.theirs_action.trigger()
    assert label_shows(view.outcome).startswith(f"{img}PRN warranty end: took theirs")
    db.close()
