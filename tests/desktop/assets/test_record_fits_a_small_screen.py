"""The equipment record's buttons wrap onto a second line where the record is narrow:
its row of actions never holds the window wider than a 1280-px screen at 150 %."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.assets.record import AssetRecord


def test_the_record_is_no_wider_than_its_widest_button_row_line(qtbot: QtBot) -> None:
    record = AssetRecord()
    qtbot.addWidget(record)
    record.set_current_visit(12345)
    record.show()
    buttons = (record.edit_button, record.replace_button, record.retire_button, record.link_button)
    whole_row = sum(b.sizeHint().width() for b in buttons)
    assert record.minimumSizeHint().width() < whole_row - 100
    record.resize(record.minimumSizeHint().width(), 600)
    qtbot.wait(20)
    for widget in buttons:  # each whole, inside the record
        assert widget.width() >= widget.sizeHint().width()
        assert widget.geometry().right() <= record.width()
