"""Equipment written on the helpdesk by anyone shows its name, model, site and serial as
written: never as markup, never loading an image they name from this laptop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.assets.dialogs import RetireDialog
from desktop.assets.finder import AssetFinder
from desktop.assets.record import AssetRecord
from sync.assets import get_asset
from sync.store import assets as store
from sync.store import open_database, transaction
from tests.desktop.common.shown_as_qt_would import hostile_image, label_shows, tooltip_shows
from tests.sync.test_assets import remote_asset


def test_the_record_the_finder_and_the_dialogs_show_the_fields_as_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    img = hostile_image(tmp_path)
    db = open_database(tmp_path / "replica.db")
    fields = {"name": f"{img}PRN", "model": f"{img}M404", "site": f"{img} Acme", "serial": "K1"}
    with transaction(db):
        store.upsert_remote_asset(db, remote_asset(1, **fields), in_inventory=True)
    detail = get_asset(db, 1)
    assert detail is not None

    record = AssetRecord()
    qtbot.addWidget(record)
    record.show_asset(detail)
    assert label_shows(record.title) == f"{img}PRN"
    assert {label_shows(v) for v in record.values.values()} >= {f"{img}M404", f"{img} Acme"}

    finder = AssetFinder(db)
    qtbot.addWidget(finder, before_close_func=lambda _: finder.shutdown())
    finder.box.setText("K1")
    qtbot.waitUntil(lambda: finder.results.topLevelItemCount() == 1)
    row = finder.results.topLevelItem(0)
    assert row is not None
    assert [tooltip_shows(row.toolTip(c)) for c in (2, 3)] == [f"{img}M404", f"{img} Acme"]

    retire = RetireDialog(detail.asset, None, lambda _: True, None)
    qtbot.addWidget(retire)
    notes = [label_shows(label) for label in retire.findChildren(QLabel)]
    assert f"{img}PRN (serial K1) is marked retired, with your reason in its record." in notes
    db.close()
