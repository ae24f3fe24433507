"""The visit filter finds a visit however its words are typed: without their accents
(an English keyboard), in other capitals, or composed as a Mac composes them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from desktop.visits.model import SITE, SUBJECT, Scope
from tests.desktop.visits.helpers import visit

# (subject, site) of each visit in the list.
VISITS = {
    1: ("RV: Impresora sin conexión", "Oficina Málaga"),
    2: ("Coffee machine leaks", "Café Dupré – Lyon"),
    3: ("Scanner offline", "İstanbul depot"),
    4: ("Label printer jams", "Müller GmbH"),
    5: ("Router swap", "ΟΔΟΣ ΕΡΜΟΥ 12"),
    6: ("Badge reader", "Tromsø harbour"),
    7: ("Toner", "Zürich Hauptbahnhof"),
    8: ("UPS alarm", "Ma\u0308rklin works"),  # written on a Mac: "a" and a combining diaeresis
}


def page_with_visits(qtbot: QtBot) -> VisitsPage:
    page = VisitsPage(QWidget())
    qtbot.addWidget(page)
    page.show()
    page.set_scope(Scope.ALL)
    page.set_visits(
        [
            visit(n, starts_in=timedelta(hours=n), subject=subject)._replace(site=site)
            for n, (subject, site) in VISITS.items()
        ]
    )
    return page


def type_into(edit: QLineEdit, text: str) -> None:
    """Each character as a keyboard layout sends it: a key event carrying its text
    (QTest's key clicks know only Latin-1 characters)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(edit, key)


def shown_sites(page: VisitsPage) -> list[str]:
    model = page.model
    rows = [row for row in range(model.rowCount()) if not model.is_heading(row)]
    return [model.index(row, SITE).data() for row in rows]


@pytest.mark.parametrize(
    ("typed", "site"),
    [
        ("conexion", "Oficina Málaga"),
        ("malaga", "Oficina Málaga"),
        ("cafe", "Café Dupré – Lyon"),
        ("dupre", "Café Dupré – Lyon"),
        ("istanbul", "İstanbul depot"),
        ("ISTANBUL", "İstanbul depot"),
        ("Mu\u0308ller", "Müller GmbH"),  # typed on a Mac
        ("muller", "Müller GmbH"),
        ("οδός", "ΟΔΟΣ ΕΡΜΟΥ 12"),  # Greek capitals are written without their accents
        ("tromso", "Tromsø harbour"),
        ("zurich", "Zürich Hauptbahnhof"),
        ("Zürich", "Zürich Hauptbahnhof"),
        ("märklin", "Ma\u0308rklin works"),
    ],
)
def test_typing_without_accents_or_in_other_forms_shows_the_visit(
    qtbot: QtBot, typed: str, site: str
) -> None:
    page = page_with_visits(qtbot)
    type_into(page.filter, typed)
    assert page.filter.text() == typed
    assert shown_sites(page) == [site]
    assert not page.empty.isVisible()


def test_clearing_the_filter_shows_every_visit_again(qtbot: QtBot) -> None:
    page = page_with_visits(qtbot)
    type_into(page.filter, "conexion")
    page.filter.clear()
    assert len(shown_sites(page)) == len(VISITS)


def test_the_subject_is_shown_as_written(qtbot: QtBot) -> None:
    page = page_with_visits(qtbot)
    type_into(page.filter, "conexion")
    (row,) = [r for r in range(page.model.rowCount()) if not page.model.is_heading(r)]
    assert page.model.index(row, SUBJECT).data() == "#1 RV: Impresora sin conexión"
