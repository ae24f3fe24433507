"""At 1024×640 each visit goes on two lines: a readable subject, then site · window · SLA.

At 1280×800 the one-line table stays; switching between them keeps the visit selected,
and a supervisor's list says whose each visit is at both widths.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.common.theme import colour
from desktop.shell.main_window import MainWindow
from desktop.visits.model import DUE, OWNER, SUBJECT, WHEN, Scope
from desktop.visits.two_line import Lines
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.desktop.visits.helpers import iso, list_alone, visit
from tests.sync.test_store import remote_ticket

SMALL, LARGE = (1024, 640), (1280, 800)
SUBJECTS = {
    3: "Reception PC cannot find the front-desk printer after the switch swap",
    4: "Replace the pickup roller kit on the HP LaserJet in the back office",
    5: "Badge reader at the staff entrance rejects every card since Monday",
}
OWNERS = {3: "alice", 4: "bob", 5: "carol"}
READABLE = 25  # characters of the subject a technician can read without opening the visit


def seeded(profile: Profile, owners: dict[int, str]) -> None:
    now = datetime.now(UTC)
    db = open_database(profile.database_path)
    with transaction(db):
        for n, (visit_id, subject) in enumerate(SUBJECTS.items()):
            start = now + timedelta(hours=n + 1)
            ticket_store.apply_remote_ticket(
                db,
                remote_ticket(
                    visit_id,
                    subject=subject,
                    owner=owners[visit_id],
                    site="St Bartholomew's Community Health Centre",
                    visit_start=iso(start),
                    visit_end=iso(start + timedelta(hours=1)),
                    # #3's SLA has passed: red and bold on both layouts
                    due=iso(now + timedelta(hours=4 * n - 2)),
                ),
            )
    db.close()


def window_at(qtbot: QtBot, profile: Profile, size: tuple[int, int]) -> MainWindow:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.visits.set_scope(Scope.ALL)
    qtbot.wait(20)
    return window


def resize(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    QApplication.processEvents()
    qtbot.wait(20)


def row_lines(window: MainWindow, visit_id: int) -> Lines:
    view = window.visits.list
    row = window.visits.model.row_of(visit_id)
    assert row is not None
    index = window.visits.model.index(row, WHEN)
    return view.rows.lines(index, view.font(), view.visualRect(index).width())


def details(lines: Lines) -> str:
    return " · ".join(part.text for part in lines.details)


def test_at_1024_each_visit_shows_its_subject_and_sla(qtbot: QtBot, profile: Profile) -> None:
    seeded(profile, dict.fromkeys(SUBJECTS, "alice"))
    window = window_at(qtbot, profile, SMALL)
    view, model = window.visits.list, window.visits.model

    assert view.two_line
    assert view.width() > 330, "the visit panel leaves the list more than it did"
    start = window.visit_panel.timer.starts["travel"]  # the timers gave up their words
    assert start.text() == "" and start.accessibleName() == "Start travel timer" and start.toolTip()
    tabs = window.visit_panel.tabs.tabBar()  # all five tabs in view, no scroll arrows
    assert tabs.tabRect(tabs.count() - 1).right() <= tabs.width()
    for visit_id, subject in SUBJECTS.items():
        lines = row_lines(window, visit_id)
        shown = lines.subject.removesuffix("…")
        assert len(shown) >= READABLE, lines.subject
        assert f"#{visit_id} {subject}".startswith(shown)
        row = model.row_of(visit_id)
        assert row is not None
        due = next(p for p in lines.details if p.text.startswith("SLA "))
        assert due.text == f"SLA {model.index(row, DUE).data()}"
        index = model.index(row, WHEN)
        assert view.visualRect(index).height() >= 2 * view.fontMetrics().lineSpacing()
        spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
        assert spoken.startswith(f"#{visit_id} {subject}") and "SLA " in spoken
    overdue = next(p for p in row_lines(window, 3).details if p.text.startswith("SLA "))
    assert overdue.text.startswith("SLA overdue")
    assert overdue.colour == colour("overdue") and overdue.bold
    assert "St Bart" in details(row_lines(window, 4))  # the site, cut before the SLA is


def test_at_1280_the_one_line_table_stays(qtbot: QtBot, profile: Profile) -> None:
    seeded(profile, dict.fromkeys(SUBJECTS, "alice"))
    window = window_at(qtbot, profile, LARGE)
    view = window.visits.list

    assert not view.two_line
    assert not view.isColumnHidden(SUBJECT) and view.columnWidth(SUBJECT) >= 170
    assert window.visits.model.headerData(WHEN, Qt.Orientation.Horizontal) == "When"
    assert window.visit_panel.timer.starts["travel"].text() == "Start"  # room for words


def test_switching_widths_keeps_the_visit_selected(qtbot: QtBot, profile: Profile) -> None:
    seeded(profile, dict.fromkeys(SUBJECTS, "alice"))
    window = window_at(qtbot, profile, LARGE)
    page, view = window.visits, window.visits.list
    row = page.model.row_of(4)
    assert row is not None
    view.setCurrentIndex(page.model.index(row, SUBJECT))  # clicked on the subject
    assert page.selected_id == 4

    resize(qtbot, window, SMALL)
    assert view.two_line
    assert page.selected_id == 4
    assert view.selectionModel().isRowSelected(row)
    assert view.currentIndex().column() == WHEN  # the one column left: keys work from it
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert page.selected_id == 5
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert page.selected_id == 4

    resize(qtbot, window, LARGE)
    assert not view.two_line
    assert page.selected_id == 4 and view.selectionModel().isRowSelected(row)


def test_a_supervisors_list_names_the_owner_at_both_widths(qtbot: QtBot, profile: Profile) -> None:
    seeded(profile, OWNERS)
    window = window_at(qtbot, profile, LARGE)
    view, model = window.visits.list, window.visits.model
    header = view.horizontalHeader()
    left = header.sectionViewportPosition(OWNER)
    assert not view.isColumnHidden(OWNER)
    assert left >= 0 and left + view.columnWidth(OWNER) <= view.viewport().width()
    assert not view.isColumnHidden(SUBJECT)
    row = model.row_of(4)
    assert row is not None and model.index(row, OWNER).data() == "bob"

    resize(qtbot, window, SMALL)
    assert view.two_line
    for visit_id, owner in OWNERS.items():
        assert owner in [part.text for part in row_lines(window, visit_id).details]


def test_filter_sort_and_columns_work_on_two_lines(qtbot: QtBot) -> None:
    shown = list_alone(qtbot, 380)
    shown.set_scope(Scope.ALL)
    shown.set_visits(
        [
            visit(n, starts_in=timedelta(hours=n), subject=f"Printer {n}", owner="ab"[n % 2])
            for n in range(1, 5)
        ]
    )
    view, model = shown.list, shown.model
    assert view.two_line and model.heading_rows()[0] == 0  # grouped by day, as in the table
    assert model.headerData(WHEN, Qt.Orientation.Horizontal) == "Visits"
    assert shown.select(3)

    shown.filter.setText("printer 3")
    assert view.two_line and model.visit_count() == 1 and shown.selected_id == 3
    shown.filter.clear()
    assert shown.selected_id == 3

    view.sortByColumn(WHEN, Qt.SortOrder.DescendingOrder)  # a click on the one header
    subjects = [model.visit_at(r).subject for r in range(model.rowCount()) if model.visit_at(r)]
    assert subjects == ["Printer 4", "Printer 3", "Printer 2", "Printer 1"]
    assert view.two_line and shown.selected_id == 3

    row = model.row_of(2)
    assert row is not None
    index = model.index(row, WHEN)
    owner = next(a for a in view.horizontalHeader().actions() if a.data() == OWNER)
    assert owner.isChecked()  # two owners: the owner column is wanted…
    assert "a" in [p.text for p in view.rows.lines(index, view.font(), 360).details]
    owner.setChecked(False)  # …until the header's menu hides it
    assert "a" not in [p.text for p in view.rows.lines(index, view.font(), 360).details]
