"""The service report's "Work done": this visit's work, each piece once, fit for the customer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox, workflow
from sync.attachments import import_bytes
from sync.changes.time_entry import log_time
from sync.connectors.base import RemoteTransaction
from sync.local_days import local_days
from sync.netcheck import history
from sync.netcheck.evidence import attach_run
from sync.netcheck.result import FAIL, PASS
from sync.stamps import STAMP_FORMAT
from sync.store import open_database, timers, transaction
from sync.store import tickets as ticket_store
from tests.sync.netcheck.test_run import _run as network_check
from tests.sync.test_store import remote_ticket

VISIT = 7


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = open_database(tmp_path / "fd.db")
    today = datetime.strptime(local_days()[0], STAMP_FORMAT).replace(tzinfo=UTC)
    yesterday = (today - timedelta(hours=1)).strftime(STAMP_FORMAT)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(VISIT, site="ACME Dental"))
        ticket_store.apply_remote_history(
            database,
            VISIT,
            [
                RemoteTransaction(
                    11, VISIT, "Comment", yesterday, "alice", body="Remote check over VPN: ok."
                )
            ],
        )
    return database


def work_done(db: sqlite_utils.Database) -> str:
    return workflow.report_content(db, VISIT, user="alice", technician="Alice").work_done


def sign(db: sqlite_utils.Database, files: Path, signer: str) -> None:
    """The note "Sign & report" saves (desktop.visit.writes): the work, with the PDF."""
    pdf = import_bytes(files, b"%PDF-1.4", f"service-report-{VISIT}-20261201-1000.pdf")
    text = f"Service report signed on site by {signer}.\n\nWork done:\n{work_done(db)}"
    outbox.add_note(db, VISIT, text, author="alice", attachments=[pdf])


def test_a_visit_reports_its_own_notes_and_a_network_checks_headline(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    outbox.add_note(db, VISIT, "Cleared the jam in tray 2.", author="alice", minutes=10)
    timers.start(db, VISIT, "on_site")
    timers.pause(db, VISIT, "on_site")
    log_time(db, VISIT, "on_site", 2, "", author="alice")  # "Time on site: 2 min (visit timer)"
    run_id = history.save_run(db, network_check("ACME Dental", PASS, FAIL))
    attach_run(db, tmp_path / "files", run_id, VISIT, author="alice")
    outbox.escalate(db, VISIT, "Needs a new fuser", author="alice")
    outbox.add_note(db, VISIT, "Bob's note", author="bob")
    workflow.resolve(db, VISIT, "Printer prints clean.", minutes=5, author="alice")

    assert work_done(db) == (
        "Cleared the jam in tray 2.\n\n"
        "Network check at ACME Dental, 2026-12-01 10:00 UTC: 1 failed, 2 passed\n\n"
        "Resolution: Printer prints clean."
    )
    assert "192.0.2" not in work_done(db), "the laptop's addresses and DNS stay internal"


def test_a_second_report_repeats_nothing_the_first_was_signed_for(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    outbox.add_note(db, VISIT, "Cleared the jam in tray 2.", author="alice")
    workflow.resolve(db, VISIT, "Printer prints clean.", minutes=5, author="alice")
    sign(db, tmp_path / "files", "Julie Marsh")
    assert work_done(db) == "", "signed for already"

    outbox.add_note(db, VISIT, "Reseated the duplex unit.", author="alice")
    assert work_done(db) == "Reseated the duplex unit."


def test_yesterdays_work_is_not_todays_report(db: sqlite_utils.Database) -> None:
    outbox.add_note(db, VISIT, "On site: replaced the pickup roller.", author="alice")
    assert work_done(db) == "On site: replaced the pickup roller."
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    content = workflow.report_content(db, VISIT, user="alice", technician="Alice", now=tomorrow)
    assert content.work_done == ""
