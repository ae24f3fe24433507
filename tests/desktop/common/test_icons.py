"""The icon set: every icon the app asks for exists, and shows in light and dark schemes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImageReader, QPalette
from PySide6.QtWidgets import QApplication

from desktop.common import icons
from sync.resources import resource_path

ICON_NAMES = [
    "sync",
    "cancel",
    "visits",
    "kb",
    "outbox",
    "conflicts",
    "ready",
    "note",
    "reply",
    "time",
    "status",
    "parts",
    "serial",
    "escalate",
    "photo",
    "attach",
    "signature",
    "report",
    "new-ticket",
    "dispatch",
    "online",
    "offline",
    "sign-out",
    "profile",
    "copy",
    "open",
    "save",
    "article",
    "link",
    "draft",
    "retry",
    "discard",
    "edit",
    "warning",
    "error",
    "check",
    "calendar",
    "person",
]

SCHEMES = {
    "light": (QColor("#ffffff"), QColor("#1b1b1b")),
    "dark": (QColor("#202124"), QColor("#e8eaed")),
}


@pytest.fixture(params=sorted(SCHEMES))
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QColor]:
    """The app in a light or a dark palette; yields the text colour icons must use."""
    window, text = SCHEMES[request.param]
    previous = qapp.palette()
    palette = QPalette(previous)
    palette.setColor(QPalette.ColorRole.Window, window)
    palette.setColor(QPalette.ColorRole.WindowText, text)
    qapp.setPalette(palette)
    icons.clear_cache()
    yield text
    qapp.setPalette(previous)
    icons.clear_cache()


def _ink(name: str) -> set[str]:
    """Colours of the fully opaque pixels of the icon drawn at 24 px."""
    image = icons.icon(name).pixmap(24, 24).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_is_drawn_in_the_palette_text_colour(name: str, scheme: QColor) -> None:
    result = icons.icon(name)
    assert not result.isNull(), f"{name}.svg missing"
    assert result.availableSizes(), f"{name}.svg did not render"
    # Visible on this background: the strokes are the text colour, nothing else.
    assert _ink(name) == {scheme.name()}


@pytest.mark.parametrize("name", ICON_NAMES)
def test_icon_follows_the_line_style(name: str) -> None:
    svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    assert 'viewBox="0 0 24 24"' in svg
    assert 'stroke="currentColor"' in svg
    assert 'stroke-width="2"' in svg
    assert 'fill="none"' in svg
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", svg), "a fixed colour breaks dark schemes"


def test_a_missing_icon_is_empty_not_an_error(qapp: QApplication) -> None:
    assert icons.icon("no-such-icon").isNull()


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_app_icon_png_has_its_size(size: int) -> None:
    reader = QImageReader(str(resource_path("icons", "app", "png", f"fielddesk-{size}.png")))
    image = reader.read()
    assert (image.width(), image.height()) == (size, size), reader.errorString()


@pytest.mark.parametrize(
    ("filename", "sizes"),
    [
        ("fielddesk.ico", [16, 24, 32, 48, 64, 128, 256]),
        ("fielddesk.icns", [16, 32, 64, 128, 256, 512, 1024, 32, 64, 256, 512]),
    ],
)
def test_app_icon_containers_hold_every_size(
    qapp: QApplication, filename: str, sizes: list[int]
) -> None:
    reader = QImageReader(str(resource_path("icons", "app", filename)))
    found = []
    for index in range(reader.imageCount()):
        reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        found.append(image.width())
    assert found == sizes


def test_a_damaged_icon_file_draws_nothing_and_breaks_nothing(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "broken.svg").write_bytes(b"<svg \x00 not closed")
    good = resource_path("icons", "sync.svg").read_text(encoding="utf-8")
    (tmp_path / "icons" / "good.svg").write_text(good, encoding="utf-8")
    monkeypatch.setattr(icons, "resources_root", lambda: tmp_path)
    icons.clear_cache()
    icons._icon_names.cache_clear()  # the folder is listed once per process
    try:
        assert _ink("good"), "the folder in use"
        broken = icons.icon("broken")
        assert _ink("broken") == set()  # a blank space on the button, not a crash
        assert broken.isNull()  # known bad once read: Qt lays buttons out without it
    finally:
        icons.clear_cache()
        icons._icon_names.cache_clear()
