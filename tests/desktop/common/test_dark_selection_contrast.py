"""In the forced dark scheme a selected row's text reads on its highlight (WCAG AA):
white on #3d7bd9 was 4.17:1."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from desktop.common import theme
from tests.desktop.common.test_contrast import AA, contrast


def test_selected_text_reads_on_the_dark_highlight() -> None:
    palette = theme.dark_palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        highlight = palette.color(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        assert contrast(text, highlight) >= AA, f"{text.name()} on {highlight.name()}"
