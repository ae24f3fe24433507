"""At a large font (15 pt) the status dialog's choices and the service report's line
beside its buttons show whole.

Resolved's choice was wider than the 440 px dialog and its rows never scroll sideways:
"Resolved — the work is done (resolve" at the right edge.  The report said "Needs the
customer's name and sigr"."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import ActionDialog, VisitRef
from desktop.visit.dialogs import StatusDialog
from desktop.visit.report import ServiceReportDialog
from sync.workflow import ReportContent
from tests.desktop.large_font import cut_short, large_app_font

VISIT = VisitRef(1, "Acme Dental Clinic", "Front-desk printer jams on every second page")
REQUIRED = ("Page count before service", "Print a configuration report and 20 duplex pages")


def opened(qtbot: QtBot, dialog: ActionDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.belongs_to(VISIT)  # as the visit panel opens it: its first line, cut to fit
    dialog.show()
    qtbot.waitExposed(dialog)


def cut(buttons: list[QAbstractButton]) -> list[str]:
    return [button.text() for button in buttons if cut_short(button)]


def test_resolving_at_15_pt_shows_every_choice_and_tick_box_whole(qtbot: QtBot) -> None:
    window = QWidget()  # the dialog's parent, as in the app: it opens at its least width
    qtbot.addWidget(window)
    with large_app_font():
        dialog = StatusDialog(
            "open", ("stalled", "resolved"), lambda _v: True, window, open_required=REQUIRED
        )
        opened(qtbot, dialog)
        dialog.choose("resolved")
        qtbot.wait(50)
        dialog.scroll_area.ensureWidgetVisible(dialog.sign_next)
        assert cut([*dialog.choices.buttons(), dialog.sign_next]) == []
        assert dialog.scroll_area.widget().width() <= dialog.scroll_area.viewport().width()


def test_the_report_says_whole_what_it_needs_at_15_pt(qtbot: QtBot) -> None:
    content = ReportContent(
        ticket_id=1, subject=VISIT.subject, site=VISIT.site, address="1 High St",
        contact="Julie Marsh", visit_start=None, visit_end=None, work_done="", minutes=15,
        parts=[], technician="Alice Moreau", internal_notes=[],
    )  # fmt: skip
    with large_app_font():
        dialog = ServiceReportDialog(content, "Julie Marsh", lambda _v: True)
        opened(qtbot, dialog)
        qtbot.wait(50)
        assert "signature" in dialog.status.text()
        assert not cut_short(dialog.status), dialog.status.text()
