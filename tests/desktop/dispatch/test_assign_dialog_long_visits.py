"""The assign dialog writes the window it shows: a two-day visit stays two days.

Opened on a Mon 08:00 -> Tue 17:00 visit only to give it to someone else, the dialog
had one day field and wrote Mon 08:00-17:00, saying "No clashes".  A time the clocks
skip (02:30 on the spring-forward night) was written an hour later, unsaid.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTime
from pytestqt.qtbot import QtBot

from desktop.dispatch.assign_dialog import AssignDialog
from sync.dispatch import iso
from sync.store.dispatch import DispatchTicket, Technician

TEAM = [Technician("alice", "Alice Moreau", ""), Technician("bob", "Bob Okafor", "")]
MONDAY_8 = datetime(2026, 12, 7, 8, tzinfo=UTC)
TUESDAY_17 = datetime(2026, 12, 8, 17, tzinfo=UTC)


def dialog_for(
    qtbot: QtBot, start: datetime, end: datetime, zone: ZoneInfo | None = None
) -> AssignDialog:
    ticket = DispatchTicket(
        900, "Office move, two days", "open", 50, "alice", "HQ", None, None,
        iso(start), iso(end), 0, 0, None,
    )  # fmt: skip
    dialog = AssignDialog(
        ticket, TEAM, owner="alice", start=start, end=end, zone=zone or ZoneInfo("UTC"),
        check=lambda *_: [],
    )  # fmt: skip
    qtbot.addWidget(dialog)
    return dialog


def test_a_two_day_visit_given_to_someone_else_keeps_its_two_days(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, MONDAY_8, TUESDAY_17)
    dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
    assert dialog.visit_window() == (MONDAY_8, TUESDAY_17)
    assert dialog.end_day.date().toPython() == TUESDAY_17.date()  # the end's day is shown
    assert dialog.length.text() == "1 day 9 h"
    assert "Ends Tue 08 Dec: a visit over 2 days." in dialog.warnings.text()
    assert dialog.change.isHidden(), "the booked window is kept: nothing to say"


def test_moving_the_start_moves_the_end_and_the_change_is_said(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, MONDAY_8, TUESDAY_17)
    dialog.day.setDate(dialog.day.date().addDays(1))
    assert dialog.visit_window() == (MONDAY_8 + timedelta(days=1), TUESDAY_17 + timedelta(days=1))
    assert not dialog.change.isHidden()
    assert dialog.change.text() == (
        "Changes the booked time:\nwas Mon 07 Dec 08:00 – Tue 08 Dec 17:00 (1 day 9 h),\n"
        "now Tue 08 Dec 08:00 – Wed 09 Dec 17:00 (1 day 9 h)."
    )


def test_shortening_a_two_day_visit_is_said_before_it_is_written(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, MONDAY_8, TUESDAY_17)
    dialog.end_day.setDate(dialog.day.date())  # the supervisor makes it one day
    assert dialog.visit_window() == (MONDAY_8, MONDAY_8.replace(hour=17))
    assert dialog.length.text() == "9 h"
    assert dialog.change.text() == (
        "Changes the booked time:\nwas Mon 07 Dec 08:00 – Tue 08 Dec 17:00 (1 day 9 h),\n"
        "now Mon 07 Dec 08:00–17:00 (9 h)."
    )


def test_an_end_time_typed_on_a_two_day_visit_stays_on_its_second_day(qtbot: QtBot) -> None:
    dialog = dialog_for(qtbot, MONDAY_8, TUESDAY_17)
    for typed in ("07:00", "18:00"):  # earlier than the start's time, then later
        dialog.end.setTime(QTime.fromString(typed, "HH:mm"))
    assert dialog.visit_window() == (MONDAY_8, TUESDAY_17 + timedelta(hours=1))


def test_a_time_the_clocks_skip_is_refused_with_the_gap_named(qtbot: QtBot) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2027, 3, 28, 0, tzinfo=UTC)  # 01:00 in Berlin
    dialog = dialog_for(qtbot, start, start + timedelta(hours=1), berlin)
    assert dialog.ok.isEnabled()
    dialog.start.setTime(QTime(2, 30))  # Sun 28 Mar 2027: 02:00 is followed by 03:00
    assert "02:30 does not exist in Europe/Berlin" in dialog.warnings.text()
    assert "from 02:00 to 03:00" in dialog.warnings.text()
    assert not dialog.ok.isEnabled(), "nothing is written for a time that never comes"
    dialog.start.setTime(QTime(3, 0))
    assert dialog.ok.isEnabled()
    start, end = dialog.visit_window()
    assert (start.astimezone(berlin).hour, end - start) == (3, timedelta(hours=1))
