"""The new ticket's requestor is filled with an address the helpdesk will keep.

A requestor RT shows by login ("alice") is not one; offered first, it held Save back
until the technician cleared it.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.visit.new_ticket import NewTicketDialog
from sync.store.tickets import Visit


def visit(requestors: list[str]) -> Visit:
    return Visit(
        id=3, subject="Front-desk printer jams", status="open", priority=50, owner="alice",
        due=None, site="Acme Dental", address=None, contact=None, visit_start=None,
        visit_end=None, parts_used=None, requestors=requestors, time_worked=0,
        last_updated=None, is_local=False, gone=None, pending_changes=0, open_conflicts=0,
    )  # fmt: skip


def test_the_first_requestor_with_an_address_is_offered(qtbot: QtBot) -> None:
    dialog = NewTicketDialog(visit(["alice", "jane@example.com"]), lambda _v: True)
    qtbot.addWidget(dialog)
    assert dialog.requestor.text() == "jane@example.com"
    qtbot.keyClicks(dialog.subject, "Scanner offline")
    assert dialog.save_button.isEnabled()


def test_a_requestor_that_is_no_address_holds_save_and_says_why(qtbot: QtBot) -> None:
    dialog = NewTicketDialog(visit(["alice"]), lambda _v: True)
    qtbot.addWidget(dialog)
    assert dialog.requestor.text() == ""
    qtbot.keyClicks(dialog.subject, "Scanner offline")
    qtbot.keyClicks(dialog.requestor, "Jane at reception")
    assert not dialog.save_button.isEnabled()
    assert "e-mail address" in dialog.status.text()
