"""The results say all they have: a long detail wraps (its end is often the fix), a ping
the laptop may not send reads "not run", not as a failure, and the runs to compare are
named whole."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QTableWidget
from pytestqt.qtbot import QtBot

from desktop.netcheck.before_after import BeforeAfter
from desktop.netcheck.tables import ResultsTable
from sync.netcheck import history
from sync.netcheck.result import FAIL, NO_RIGHTS, PASS, ProbeResult
from sync.netcheck.run import Run

FIX = "IT can allow it with sysctl net.ipv4.ping_group_range='0 2147483647'"
PING = ProbeResult(
    "icmp",
    "10.0.0.1",
    NO_RIGHTS,
    "not allowed",
    detail="this laptop does not allow ping without admin rights"
    f" (net.ipv4.ping_group_range is '1 0'); {FIX}. TCP checks still work",
)


def shown(qtbot: QtBot, table: QTableWidget, width: int = 900) -> QTableWidget:
    qtbot.addWidget(table)
    table.resize(width, 400)
    table.show()
    qtbot.waitExposed(table)
    return table


def test_a_long_detail_wraps_so_its_fix_is_read(qtbot: QtBot) -> None:
    results = ResultsTable()
    table = shown(qtbot, results.widget)
    results.show_results([ProbeResult("tcp", "printer:9100", PASS, "2 ms"), PING])
    qtbot.wait(20)
    cell = table.visualRect(table.model().index(1, ResultsTable.DETAIL))
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, cell.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, PING.detail
    )
    assert needed.height() > table.fontMetrics().height(), "the test's detail fits one line"
    assert cell.height() >= needed.height(), "the detail is cut: its fix is not read"
    one_line = table.visualRect(table.model().index(0, ResultsTable.DETAIL)).height()
    assert cell.height() > one_line
    wrapped = table.rowHeight(1)
    table.resize(3000, 400)  # a wider window: the detail takes fewer lines
    qtbot.wait(20)
    assert table.rowHeight(1) < wrapped


def test_a_ping_not_allowed_reads_not_run_rather_than_failed(qtbot: QtBot) -> None:
    results = ResultsTable()
    shown(qtbot, results.widget)
    results.show_results([PING, ProbeResult("tcp", "printer:9100", FAIL, "no connection")])
    assert "Not run" in results.status_of(0)
    assert "✗" not in results.status_of(0)
    assert "✗" in results.status_of(1)


def test_the_runs_to_compare_are_named_whole(qtbot: QtBot) -> None:
    runs = []
    for number, status in enumerate((FAIL, PASS)):
        run = Run(started=f"2026-12-07T09:3{number}:00+00:00")
        run.results = [ProbeResult("tcp", "printer:9100", status, "x"), PING]
        runs.append(history.SavedRun(number + 1, None, run, None))
    picker = BeforeAfter()
    qtbot.addWidget(picker)
    picker.show_runs(runs[::-1])
    picker.show()
    qtbot.waitExposed(picker)
    for box in (picker.before_box, picker.after_box):
        text = box.currentText()
        assert "1 not run" in text
        assert box.fontMetrics().horizontalAdvance(text) <= text_room(box), text


def text_room(box: QComboBox) -> int:
    """The width a combo box gives its current text."""
    option = QStyleOptionComboBox()
    box.initStyleOption(option)
    style = box.style()
    field = QStyle.SubControl.SC_ComboBoxEditField
    return style.subControlRect(QStyle.ComplexControl.CC_ComboBox, option, field, box).width()
