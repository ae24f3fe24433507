"""A file that runs code when opened is marked in the visit's Files tab before anyone
opens it: "invoice.pdf.exe", a ".lnk" or an ".hta" looked exactly like the PDFs around
them, and a long name's real extension was cut off its end.  It is judged by the name it
is saved and opened under, so a hidden character or a trailing dot does not pass."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.common.theme import colour
from desktop.visit.files_panel import FilesPanel
from sync.store.files import VisitFile

NAMES = (
    "scan-0042.pdf",
    "invoice.pdf.exe",
    "Quarterly report.lnk",
    "update.hta",
    "..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\contract.exe",
    "fuser-area.jpg",
    "invoice.pdf.exe\u200b",  # a hidden character after the real extension
    "invoice.pdf.ex\u200be",
    "invoice.pdf.exe.",  # Windows drops a trailing dot or space
    "invoice.pdf.exe ",
)
PROGRAMS = {*NAMES[1:5], *NAMES[6:]}


def helpdesk_file(key: int, name: str) -> VisitFile:
    return VisitFile(
        key=key, id=100 + key, filename=name, content_type="application/octet-stream",
        size=64, path=None, created="2026-12-05T09:30:00Z", transaction_id=7, client_uuid=None,
    )  # fmt: skip


def test_programs_are_marked_and_documents_are_not(qtbot: QtBot) -> None:
    panel = FilesPanel()
    qtbot.addWidget(panel)
    panel.set_files([helpdesk_file(n, name) for n, name in enumerate(NAMES)])
    rows = [panel.list.topLevelItem(n) for n in range(len(NAMES))]
    marked = {
        NAMES[n] for n, row in enumerate(rows) if row is not None and not row.icon(0).isNull()
    }
    assert marked == PROGRAMS
    for name, row in zip(NAMES, rows, strict=True):
        assert row is not None
        program = name in marked
        assert (row.foreground(0).color() == colour("warn")) == program, name
        assert ("runs when opened" in row.toolTip(0)) == program, name
    invoice = rows[1]
    assert invoice is not None and "(.exe)" in invoice.toolTip(0)


def test_a_long_name_keeps_its_real_extension_in_sight(qtbot: QtBot) -> None:
    panel = FilesPanel()
    qtbot.addWidget(panel)
    panel.resize(560, 300)  # the visit panel at 1366 px
    panel.set_files([helpdesk_file(1, NAMES[4])])
    panel.show()
    qtbot.waitExposed(panel)
    row = panel.list.topLevelItem(0)
    assert row is not None
    column = panel.list.columnWidth(0)
    shown = panel.list.fontMetrics().elidedText(
        row.text(0), panel.list.textElideMode(), column - 12
    )
    assert shown != row.text(0), "the test's name fits: it proves nothing"
    assert shown.endswith("contract.exe")
