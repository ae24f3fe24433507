"""A tooltip quoting the helpdesk shows its words, never an image they name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from desktop.common.elided_label import ElidedLabel
from desktop.common.plain_tooltip import plain_tooltip
from tests.desktop.common.shown_as_qt_would import hostile_image, tooltip_shows


def test_a_tooltip_shows_markup_as_text_line_by_line(tmp_path: Path) -> None:
    subject = f"{hostile_image(tmp_path)} Printer offline & <b>urgent</b>"
    assert tooltip_shows(plain_tooltip(subject)) == subject
    assert tooltip_shows(plain_tooltip(f"{subject}\nQuayside")) == f"{subject}\nQuayside"
    assert plain_tooltip("") == "" and plain_tooltip(None) == ""  # no empty tooltip


def test_a_cut_title_shows_its_whole_text_on_hover_as_it_is(qtbot: QtBot, tmp_path: Path) -> None:
    title = f"#9001 {hostile_image(tmp_path)} Printer offline"
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.resize(60, 20)
    label.set_full_text(title)
    assert label.text().endswith("…")
    assert tooltip_shows(label.toolTip()) == title


def _tip_size(text: str) -> QSize:
    QToolTip.showText(QPoint(10, 10), text)
    [tip] = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel")]
    size = tip.size()
    QToolTip.hideText()
    return size


def test_a_short_tooltip_keeps_its_lines_whole_as_plain_text_does(qtbot: QtBot) -> None:
    for text in ("#9001 Front-desk printer jams on every second page", "#12 Printer\nAcme"):
        assert _tip_size(plain_tooltip(text)) == _tip_size(text)  # Qt wraps rich text
