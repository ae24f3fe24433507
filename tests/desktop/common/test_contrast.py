"""Dark mode readable: every text colour of the conversation and the visit's headings reaches
WCAG AA (4.5:1) against its background, in the light and the dark scheme.

The ratios are computed from the colours the code really writes (parsed from the HTML the
conversation and header produce) against the palette they are drawn on, not judged by eye."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.common import theme
from desktop.conflicts.word_diff import diff_html
from desktop.dispatch.models import QueueModel
from desktop.outbox.model import OutboxModel
from desktop.visit.conversation import conversation_html
from desktop.visit.header import VisitHeader
from sync import outbox
from sync.store import open_database
from sync.store import outbox as outbox_store
from sync.store.dispatch import DispatchTicket
from sync.store.tickets import HistoryEntry, Visit

AA = 4.5
COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|[a-z]+)")


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(text: str | QColor, background: str | QColor) -> float:
    lighter, darker = sorted((luminance(QColor(text)), luminance(QColor(background))))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_matches_the_wcag_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", sorted(theme.SCHEMES))
def test_every_theme_colour_reads_on_every_background_of_its_scheme(scheme: str) -> None:
    for name, text in theme.SCHEMES[scheme].items():
        for background in theme.BACKGROUNDS[scheme]:
            assert contrast(text, background) >= AA, f"{scheme} {name} {text} on {background}"


def test_status_badges_and_search_marks_read_in_either_scheme() -> None:
    for status, background in theme.BADGES.items():
        assert contrast(theme.BADGE_TEXT, background) >= AA, status
    assert contrast(theme.MARK_TEXT, theme.MARK) >= AA


@pytest.fixture(params=["light", "dark"])
def palette(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """The app in the light (the style's own) or the dark palette."""
    previous = qapp.palette()
    chosen = qapp.style().standardPalette() if request.param == "light" else theme.dark_palette()
    qapp.setPalette(chosen)
    assert theme.is_dark() == (request.param == "dark")
    yield chosen
    qapp.setPalette(previous)


def entry(kind: str, body: str | None = "Checked the fuser", *, sent: bool = True) -> HistoryEntry:
    return HistoryEntry(
        id=1 if sent else None,
        type=kind,
        created="2026-11-23T09:00:00Z",
        creator="alice",
        field="Status" if kind == "Status" else None,
        old_value="new",
        new_value="open",
        time_taken=15,
        body=body,
        body_type="text/plain",
    )


def colours_in(page: str) -> set[str]:
    return set(COLOUR.findall(page))


def test_conversation_text_meets_aa_on_its_background(palette: QPalette) -> None:
    history = [
        entry("Create"),
        entry("Correspond"),
        entry("Comment"),
        entry("Comment", sent=False),
        entry("Status", None),
    ]
    page = conversation_html(history, {"alice": "Alice Moreau"}, [])
    used = colours_in(page)
    assert len(used) >= 5  # request, reply, note, unsent, times: each has its colour
    background = palette.color(QPalette.ColorRole.Base)  # a QTextBrowser draws on Base
    for text in [*used, palette.color(QPalette.ColorRole.Link).name()]:
        assert contrast(text, background) >= AA, f"{text} on {background.name()}"
    note = theme.hex_colour("note")
    assert f".kind-Comment {{ color: {note}" in page


def test_visit_heading_text_meets_aa_on_its_background(palette: QPalette, qtbot: QtBot) -> None:
    header = VisitHeader()
    qtbot.addWidget(header)
    visit = Visit(
        id=7, subject="Printer jams", status="stalled", priority=50, owner="alice",
        due="2020-01-01T09:00:00Z", site="Acme", address="1 Main St", contact=None,
        visit_start="2026-11-23T09:00:00Z", visit_end=None, parts_used=None, requestors=[],
        time_worked=30, last_updated=None, is_local=False, gone="Moved to another queue",
        pending_changes=2, open_conflicts=0,
    )  # fmt: skip
    header.show_visit(visit, related=3)
    badge = re.compile(r"<span style='color:[^;']+; background:[^']+'>")
    text = badge.sub("", header.facts.text()) + header.banner.text()
    used = colours_in(text)
    assert len(used) >= 3  # overdue, unsent, gone, the hint's grey
    background = palette.color(QPalette.ColorRole.Window)
    for colour in used:
        assert contrast(colour, background) >= AA, f"{colour} on {background.name()}"


MARKED = re.compile(r"<span style='background-color:(#[0-9a-f]{6}); color:(#[0-9a-f]{6})")


def test_the_conflicts_marks_carry_their_own_readable_text(palette: QPalette) -> None:
    """The two values to choose between: near-white on pale green in the dark scheme."""
    shown = diff_html("Fuser kit RM2-5399", "Fuser kit RM2-5425, pick-up roller")
    marks = MARKED.findall(shown)
    assert len(marks) >= 2, shown  # what went and what came, each with its text colour
    for background, text in marks:
        assert contrast(text, background) >= AA, f"{text} on {background}"


def test_an_overdue_sla_on_the_dispatch_queue_reads_in_either_scheme(palette: QPalette) -> None:
    model = QueueModel()
    overdue = DispatchTicket(
        id=9, subject="Till printer faint", status="new", priority=50, owner=None, site="Bakery",
        due="2020-01-01T09:00:00Z", created="2019-12-30T09:00:00Z", visit_start=None,
        visit_end=None, pending_changes=0, open_conflicts=0, gone=None,
    )  # fmt: skip
    model.set_tickets([overdue])
    brush = model.data(model.index(0, 2), Qt.ItemDataRole.ForegroundRole)
    background = palette.color(QPalette.ColorRole.Base)
    assert contrast(brush.color(), background) >= AA, brush.color().name()


def test_the_outboxs_refused_and_held_states_read_in_either_scheme(palette: QPalette) -> None:
    db = open_database(None)
    db.table("tickets").insert({"id": 7, "subject": "Printer", "status": "open", "queue": "F"})
    outbox.set_fields(db, 7, {"owner": "nosuchtechnician"})
    outbox.set_fields(db, 7, {"parts_used": "2 x fuser"})  # held behind the refused one
    first = outbox.rows(db)[0]
    outbox_store.mark_rejected(db, first.seq, "You are not allowed to comment")
    model = OutboxModel()
    model.set_rows(outbox.rows(db))
    background = palette.color(QPalette.ColorRole.Base)
    states = []
    for row in range(model.rowCount()):
        states.append(model.index(row, 3).data())
        brush = model.index(row, 3).data(Qt.ItemDataRole.ForegroundRole)
        assert contrast(brush.color(), background) >= AA, brush.color().name()
    assert states == ["refused", "held"]
