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
from sync.store.outbox import InvalidChange
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
    outbox.add_note(
        db, VISIT, "Cleared the jam in tray 2.", author="alice", public=True, minutes=10
    )
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


def test_a_second_report_covers_the_days_work_and_names_the_one_it_replaces(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """Before, a report signed again said "—" under Work done: each report left out
    what the one before it had been signed for."""
    outbox.add_note(db, VISIT, "Cleared the jam in tray 2.", author="alice", public=True)
    workflow.resolve(db, VISIT, "Printer prints clean.", minutes=5, author="alice")
    sign(db, tmp_path / "files", "Julie Marsh")
    content = workflow.report_content(db, VISIT, user="alice", technician="Alice")
    assert content.work_done == "Cleared the jam in tray 2.\n\nResolution: Printer prints clean."
    assert content.replaces is not None and content.replaces.signer == "Julie Marsh"
    assert not content.replaces.out_of_date and content.replaces.added_text() == ""

    outbox.add_note(db, VISIT, "Reseated the duplex unit.", author="alice", public=True, minutes=10)
    assert work_done(db) == (
        "Cleared the jam in tray 2.\n\nResolution: Printer prints clean.\n\n"
        "Reseated the duplex unit."
    )
    signed = workflow.last_signed_report(db, VISIT, user="alice")
    assert signed is not None and signed.out_of_date
    assert signed.added_text() == "1 note and 10 min of time logged"


def test_a_report_signed_before_the_resolution_is_out_of_date_once_resolved(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    outbox.add_note(db, VISIT, "Cleared the jam in tray 2.", author="alice", public=True)
    sign(db, tmp_path / "files", "Julie Marsh")
    outbox.add_note(db, VISIT, "Replaced the pickup roller.", author="alice", public=True)
    outbox.add_note(db, VISIT, "Bob's note", author="bob")
    workflow.resolve(db, VISIT, "Printer prints clean.", minutes=0, author="alice")
    signed = workflow.last_signed_report(db, VISIT, user="alice")
    assert signed is not None and signed.out_of_date
    assert signed.added_text() == "1 note and the resolution"
    assert workflow.last_signed_report(db, 8, user="alice") is None


def test_resolving_logs_the_running_timer_before_the_report_reads_the_time(
    db: sqlite_utils.Database,
) -> None:
    """The customer signed "53 min worked" while RT ended at 153: the report read the
    visit's time with the on-site timer still running."""
    worked = ticket_store.get_visit(db, VISIT).time_worked  # type: ignore[union-attr]
    timers.start(db, VISIT, "on_site")
    db.execute(  # started 98 minutes ago, by another process (nothing here watched it)
        "UPDATE visit_timers SET running_since = ? WHERE ticket_id = ?",
        [(datetime.now(UTC) - timedelta(minutes=98)).strftime(STAMP_FORMAT), VISIT],
    )
    before = workflow.report_content(db, VISIT, user="alice", technician="Alice")
    assert [t.kind for t in before.unlogged] == ["on_site"], "named, not left out unsaid"

    resolved = workflow.resolve(
        db, VISIT, "Printer prints clean.", minutes=5, author="alice", log_timers=True
    )
    assert [(e.kind, e.minutes) for e in resolved.logged] == [("on_site", 98)]
    assert resolved.logged[0].text == "98 min from the on-site timer"
    content = workflow.report_content(db, VISIT, user="alice", technician="Alice")
    assert content.minutes == worked + 98 + 5 and content.unlogged == []
    assert timers.running(db) is None
    kinds = [row.kind for row in outbox.rows(db)]
    assert kinds == ["time_entry", "note", "set_fields"], "the time first, in one step"


def test_resolving_without_the_timers_leaves_them_and_the_report_names_them(
    db: sqlite_utils.Database,
) -> None:
    timers.start(db, VISIT, "travel")
    timers.pause(db, VISIT, "travel")
    db.execute("UPDATE visit_timers SET elapsed_s = 1500 WHERE ticket_id = ?", [VISIT])
    resolved = workflow.resolve(db, VISIT, "Printer prints clean.", minutes=5, author="alice")
    assert resolved.logged == ()
    content = workflow.report_content(db, VISIT, user="alice", technician="Alice")
    assert [(t.kind, t.elapsed_s) for t in content.unlogged] == [("travel", 1500)]
    # "Today" is what is logged: the timer's 25 min are named apart, not counted in too
    # (the report read "1 h 23 min (today: 2 h 31 min) not included: …").
    assert content.minutes_today == 5


def test_a_failed_resolution_logs_no_timer(db: sqlite_utils.Database) -> None:
    """One transaction: the status is refused, and the timer keeps running, unlogged."""
    timers.start(db, VISIT, "on_site")
    db.execute("UPDATE tickets SET status = 'resolved' WHERE id = ?", [VISIT])
    with pytest.raises(InvalidChange):
        workflow.resolve(db, VISIT, "Done.", minutes=0, author="alice", log_timers=True)
    assert outbox.rows(db) == []
    running = timers.running(db)
    assert running is not None and running.ticket_id == VISIT


def test_yesterdays_work_is_not_todays_report(db: sqlite_utils.Database) -> None:
    outbox.add_note(db, VISIT, "On site: replaced the pickup roller.", author="alice", public=True)
    assert work_done(db) == "On site: replaced the pickup roller."
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    content = workflow.report_content(db, VISIT, user="alice", technician="Alice", now=tomorrow)
    assert content.work_done == ""
