"""Opening a visit tab or a rail screen for the first time never grows the window.

Tabs and screens are built on first use; a page taller or wider than what the
window had raised the window's minimum size and Qt grew the window to it (a
1280×800 screen at 150 % is 853×533 logical pixels: the window crept off it).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

SMALL_LOGICAL_WIDTH = 853  # 1280 px at 150 %


def _window_with_a_visit(qtbot: QtBot, profile: Profile) -> MainWindow:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(7, subject="Front-desk printer jams on every second page")
        )
    db.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.started, timeout=10_000):  # the panel is made after the paint
        window.show()
    window.open_visit(7)
    _settled(qtbot, window)
    # As small as the window lets itself be: any later rise of its minimum grows it.
    window.resize(window.minimumSizeHint())
    _settled(qtbot, window)
    return window


def _settled(qtbot: QtBot, window: MainWindow) -> None:
    """Until the window's size and least size hold still (a loaded machine lays out late)."""
    seen: list[tuple[object, object]] = []

    def still() -> bool:
        QApplication.processEvents()
        seen.append((window.size(), window.minimumSizeHint()))
        return len(seen) > 3 and len(set(seen[-4:])) == 1

    qtbot.waitUntil(still, timeout=5_000)


def test_opening_each_visit_tab_leaves_the_window_as_it_was(qtbot: QtBot, profile: Profile) -> None:
    window = _window_with_a_visit(qtbot, profile)
    size, least = window.size(), window.minimumSizeHint().height()
    tabs = window.visit_panel.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _settled(qtbot, window)
        title = tabs.tabText(index)
        assert window.size() == size, f"tab {title!r} grew the window"
        assert window.minimumSizeHint().height() <= least, f"tab {title!r} raised its minimum"


def test_opening_each_rail_screen_leaves_the_window_as_it_was(
    qtbot: QtBot, profile: Profile
) -> None:
    window = _window_with_a_visit(qtbot, profile)
    size, least = window.size(), window.minimumSizeHint().height()
    for key in list(window.rail.pages):
        window.show_page(key)
        _settled(qtbot, window)
        assert window.size() == size, f"screen {key!r} grew the window"
        assert window.minimumSizeHint().height() <= least, f"screen {key!r} raised its minimum"


def test_the_equipment_screen_fits_a_1280_screen_at_150_percent(
    qtbot: QtBot, profile: Profile
) -> None:
    window = _window_with_a_visit(qtbot, profile)
    window.show_page("assets")
    _settled(qtbot, window)
    assert window.minimumSizeHint().width() <= SMALL_LOGICAL_WIDTH
    assert window.width() <= SMALL_LOGICAL_WIDTH
