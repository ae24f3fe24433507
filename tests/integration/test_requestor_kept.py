"""A new ticket's requestor is the customer's e-mail address, or the technician hears why not.

RT reads a requestor as an address or a login and drops anything else without a
word (``Requestor: []``): "Jane at reception" made a ticket nobody could reply to.
It is refused where it is typed (command line, window); and when RT still does not
keep the requestor sent (a change queued by an earlier version), the sync says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.visit.new_ticket import NewTicketDialog
from devrt.instance import RunningRT
from sync import outbox
from sync.store import open_database, transaction
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.integration.helpers import Technician, server_ticket
from tests.sync.test_store import remote_ticket

NOT_AN_ADDRESS = "Jane at reception"


@pytest.fixture(scope="module")
def laptop(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    technician = Technician(rt, "bob", tmp_path_factory.mktemp("laptop"))
    assert technician.sync().ok
    return technician


def made_on_rt(laptop: Technician, subject: str) -> int:
    (ticket_id,) = laptop.db.execute(
        "SELECT id FROM tickets WHERE subject = ?", [subject]
    ).fetchone()
    assert ticket_id > 0, "not created on the helpdesk"
    return int(ticket_id)


@pytest.mark.rt
def test_a_requestor_rt_did_not_keep_is_told_once(rt: RunningRT, laptop: Technician) -> None:
    subject = "Reception PC will not wake from sleep"
    local_id = outbox.create_ticket(
        laptop.db, subject=subject, content="Since the update.", owner="bob",
        requestor="jane@example.com",
    )  # fmt: skip
    # Queued by a version that took any text.
    (row,) = [r for r in outbox.rows(laptop.db) if r.ticket_ref == local_id]
    with transaction(laptop.db):
        outbox_store.set_payload(laptop.db, row.seq, {**row.payload, "requestor": NOT_AN_ADDRESS})

    report = laptop.sync()
    again = laptop.sync()

    assert report.ok and report.pushed == 1, report
    ticket_id = made_on_rt(laptop, subject)
    assert server_ticket(rt, ticket_id).requestors == []
    [notice] = report.notices
    assert f"#{ticket_id}" in notice
    assert f"did not keep its requestor {NOT_AN_ADDRESS!r}" in notice
    assert again.notices == []


@pytest.mark.rt
def test_a_customer_rt_knows_by_that_address_is_no_news(rt: RunningRT, laptop: Technician) -> None:
    """RT shows a requestor it already knew by its login ("alice"), not the address sent."""
    subject = "Meeting room screen flickers"
    outbox.create_ticket(
        laptop.db, subject=subject, content="Every few minutes.", owner="bob",
        requestor="Alice@FieldDesk.test",
    )  # fmt: skip

    report = laptop.sync()

    assert report.ok and report.notices == [], report
    assert server_ticket(rt, made_on_rt(laptop, subject)).requestors == [{"email": "alice"}]


@pytest.mark.rt
def test_a_new_customers_address_is_kept(rt: RunningRT, laptop: Technician) -> None:
    subject = "Shared mailbox missing on the new laptop"
    outbox.create_ticket(
        laptop.db, subject=subject, content="Outlook shows only hers.", owner="bob",
        requestor="jane.doe@example.com",
    )  # fmt: skip

    report = laptop.sync()

    assert report.ok and report.notices == [], report
    ticket_id = made_on_rt(laptop, subject)
    assert server_ticket(rt, ticket_id).requestors == [{"email": "jane.doe@example.com"}]


def test_the_command_line_refuses_a_requestor_that_is_not_an_address(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(
        capsys, tmp_path / "profile", "new", "--subject", "T",
        "--site", "Acme Dental Clinic", "--requestor", NOT_AN_ADDRESS,
    )  # fmt: skip

    assert code != 0 and out == ""
    assert "--requestor" in err and "e-mail address" in err and NOT_AN_ADDRESS in err


def test_the_window_will_not_save_a_requestor_that_is_not_an_address(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None
    saved: list[object] = []
    dialog = NewTicketDialog(visit, lambda values: bool(saved.append(values)))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject, "Second printer offline")

    qtbot.keyClicks(dialog.requestor, NOT_AN_ADDRESS)
    assert not dialog.save_button.isEnabled()
    assert "e-mail address" in dialog.status.text()
    dialog.submit()
    assert saved == []

    dialog.requestor.setText("jane@example.com")
    assert dialog.save_button.isEnabled() and dialog.status.text() == ""
    dialog.requestor.clear()
    assert dialog.save_button.isEnabled()
