"""The network check's tables show targets and replies as written on hover: a run read
back from a visit's file is anyone's text, never an image loaded from this laptop."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.netcheck.tables import CompareTable, ResultsTable
from sync.netcheck.compare import Pair
from sync.netcheck.result import FAIL, ProbeResult
from tests.desktop.common.shown_as_qt_would import hostile_image, tooltip_shows


def test_results_and_comparison_tooltips_show_their_text_as_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    img = hostile_image(tmp_path)
    result = ProbeResult("tcp", "printer:9100", FAIL, "timeout", f"{img} refused", f"{img}desk")
    results = ResultsTable()
    qtbot.addWidget(results.widget)
    results.show_results([result])
    shown = [tooltip_shows(results.widget.item(0, c).toolTip()) for c in (2, 4)]
    assert shown == [f"printer:9100 ({img}desk)", f"{img} refused"]
    pairs = CompareTable()
    qtbot.addWidget(pairs.widget)
    pairs.show_pairs([Pair("tcp", "printer:9100", f"{img}desk", result, result)])
    shown = [tooltip_shows(pairs.widget.item(0, c).toolTip()) for c in (1, 2)]
    assert shown == [f"printer:9100 ({img}desk)", f"{img} refused"]
