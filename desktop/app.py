"""Start the Qt application: logging, crash handler, profile, main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QSize,
    Qt,
    QTimer,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.common import icons
from desktop.common.messages import MessageBridge
from desktop.common.theme import apply_forced_scheme
from desktop.shell.copy_sweep import CopySweeper
from desktop.shell.crash import CrashHandler, setup_logging
from desktop.shell.first_paint import after_first_paint
from desktop.shell.long_lived import hold_collections, resume_collections
from desktop.shell.main_window import MainWindow
from desktop.shell.window_place import size_for_picture
from sync.core_dumps import forbid_core_dumps
from sync.errors import SecretStoreUnavailable
from sync.lock import ProfileLock, SyncBusy
from sync.open_copies import process_copies, remove_leftovers
from sync.private_files import on_read_only_disk, os_error_words, read_only_words
from sync.profile import Profile
from sync.profile_key import KeyMissing
from sync.replica import failure_message, update_replica
from sync.resources import resources_root
from sync.store import ReplicaDamaged, StoreError, UpdateDue
from sync.words import UPDATING_REPLICA

VIEWING_HINT = (
    "no display to show the FieldDesk window on. Run it in a desktop session, "
    "over 'ssh -X', or on a virtual display: 'xvfb-run -a fielddesk gui'. "
    "To just look at it: 'fielddesk gui --screenshot fielddesk.png'."
)
UNREACHABLE_DISPLAY = (
    "the display DISPLAY={display} cannot be reached: it is gone (an 'ssh -X' session "
    "that ended) or lets another user in only (FieldDesk started with sudo or su). "
    "Start FieldDesk as yourself in the desktop session, or over a new 'ssh -X'. "
    "To just look at it: 'fielddesk gui --screenshot fielddesk.png'."
)
# The window's icon (X11 and Windows show it in the title bar, the task bar, Alt+Tab),
# from the PNGs scripts/render_app_icon.py makes.  macOS shows the app bundle's icon.
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Wayland docks find the icon, and X11 docks the launcher, by the menu entry's name:
# fielddesk.desktop (docs/release.md).
DESKTOP_FILE_NAME = "fielddesk"
ALREADY_OPEN = (
    "FieldDesk is already open on this profile, in another window: use that one, or close it first"
)
# The exit status when no profile was opened (a box said why: no keyring, a damaged
# replica's repair declined): a launcher or a script sees the start failed.
EXIT_NOT_OPENED = 1
# How long a thread running Python keeps the interpreter's lock when another wants it.
# The GUI thread waits that long each time a worker (the visit list's or the visit
# panel's read, a sync) holds it; Python's 5 ms made a refresh's GUI stalls come in
# steps of 5 ms (5, 10, 15: bench/gui_refresh_stall.py).  1 ms halves them.
GUI_SWITCH_INTERVAL_S = 0.001


class NoDisplayError(RuntimeError):
    """There is no screen to show a window on."""


def offscreen() -> bool:
    """Drawn off any screen (a screenshot, the tests): no dialog waits for a person."""
    return os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen")


def check_display() -> None:
    """Raise NoDisplayError, saying why, when there is no screen for the window.

    Windows and macOS always have a window server for a logged-in user."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")) or not sys.platform.startswith("linux"):
        return
    display, wayland = os.environ.get("DISPLAY"), os.environ.get("WAYLAND_DISPLAY")
    if not (display or wayland):
        raise NoDisplayError(VIEWING_HINT)
    on_x11 = platform.startswith("xcb") or not (platform or wayland)
    if on_x11 and display and not _x_server_lets_us_in():
        raise NoDisplayError(UNREACHABLE_DISPLAY.format(display=display))


def _x_server_lets_us_in() -> bool:
    """Whether the X server accepts a connection asked for as Qt's xcb plugin asks for it
    (DISPLAY, XAUTHORITY).  Qt itself would abort (exit 134) saying that a library,
    xcb-cursor0, is needed.  Only where the window goes on X11: ~3 ms, mostly ctypes'
    import and loading libxcb, which Qt loads next anyway; the question itself 0.2 ms."""
    import ctypes  # noqa: PLC0415 - X11 only; the cold start's offscreen bench never loads it

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:  # no libxcb: Qt's own message names what is missing
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    xcb.xcb_connection_has_error.argtypes = (ctypes.c_void_p,)
    xcb.xcb_disconnect.argtypes = (ctypes.c_void_p,)
    connection = xcb.xcb_connect(None, None)  # never NULL: a failed one says so below
    if xcb.xcb_connection_has_error(connection):
        xcb.xcb_disconnect(connection)
        return False
    _x_probes.append(lambda: xcb.xcb_disconnect(connection))
    return True


# The connection that asked stays open until Qt has its own: an X server whose last
# client leaves resets (Xvfb, xvfb-run: no desktop's programs keep it busy), and Qt's
# connection would wait ~50 ms for that.
_x_probes: list[Callable[[], object]] = []


def _let_go_of_the_x_probe() -> None:
    while _x_probes:
        _x_probes.pop()()


def application() -> QApplication:
    QCoreApplication.setApplicationName("FieldDesk")
    QCoreApplication.setOrganizationName("FieldDesk")
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if getattr(sys, "frozen", False):
        _programs_started_without_the_bundles_qt()
    apply_forced_scheme()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)
    return app


def _programs_started_without_the_bundles_qt() -> None:
    """PyInstaller's PySide6 hook points QT_PLUGIN_PATH and QML2_IMPORT_PATH into the
    bundle for Qt's start.  A Qt program FieldDesk starts (a PDF or photo viewer) would
    load the bundle's plugins instead of its own and may crash: Qt now keeps the folders
    it found, and the variables go (LD_LIBRARY_PATH went in cli.__main__)."""
    QCoreApplication.setLibraryPaths(QCoreApplication.libraryPaths())
    for name in ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH"):
        os.environ.pop(name, None)


def _show_the_app_icon() -> None:
    """The window's icon, read once its first frame is on screen: the start waits for no
    PNG.  Set on the application, so every window and dialog has it."""
    if sys.platform == "darwin":
        return
    folder = resources_root() / "icons" / "app" / "png"
    icon = QIcon()
    for size in APP_ICON_SIZES:
        icon.addFile(str(folder / f"fielddesk-{size}.png"), QSize(size, size))
    QApplication.setWindowIcon(icon)


class Shell(QObject):
    """Keeps one main window open for the current profile; switches profiles."""

    def __init__(self, profile: Profile, *, explicit_profile: bool) -> None:
        super().__init__()
        self.explicit_profile = explicit_profile
        self.messages = MessageBridge(self)
        self.crash = CrashHandler(setup_logging(profile.ensure().log_dir), self)
        self.crash.known_error = self._replica_failure
        self.crash.install()
        self.window: MainWindow | None = None
        self.exit_code = 0  # the app's, once its loop ends
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._scheme_changed)
        self.open(profile)

    def open(self, profile: Profile) -> MainWindow | None:
        if not self.explicit_profile:  # a profile named on the command line is not remembered
            from sync.profiles import profiles_home, remember_last_used  # noqa: PLC0415

            remember_last_used(profiles_home(), profile)
        lock = self._hold(profile.ensure())
        if lock is None or not self._opens_for_whoever_is_here(profile):
            if lock is not None:
                lock.__exit__(None, None, None)
            QTimer.singleShot(0, self._choose_or_quit)
            return None
        opened = self._open_checked(profile)
        if opened is None:
            lock.__exit__(None, None, None)
            self.exit_code = EXIT_NOT_OPENED
            QTimer.singleShot(0, QApplication.quit)
            return None
        window, repaired = opened
        window.profile_lock = lock  # let go when the window closes
        window.profile_switch_requested.connect(self.choose_profile)
        window.signed_out.connect(self._signed_out)
        window.wiped_by_it.connect(lambda: QTimer.singleShot(0, lambda: self.open(profile)))
        self.window = window
        window.show()
        after_first_paint(window, _show_the_app_icon)
        if repaired:
            self.messages.warning(repaired)
        if window.account is None and not offscreen():
            QTimer.singleShot(0, window.open_sign_in)
        return window

    def _hold(self, profile: Profile) -> ProfileLock | None:
        """One window per profile (a second start, a double click on the launcher): two
        would not see each other's edits, and a sign-out wiping the data in one would pull
        it from under the other.  None, said in a box, when another window has it."""
        lock = ProfileLock(profile.window_lock_path, busy=ALREADY_OPEN)
        try:
            lock.__enter__()
        except SyncBusy as busy:
            QMessageBox.information(None, "FieldDesk", f"{busy}.")
            return None
        except OSError:  # a read-only or full disk: opening the replica says what is wrong
            pass
        return lock

    def _opens_for_whoever_is_here(self, profile: Profile) -> bool:
        """A profile its user signed out of, keeping the data, shows nothing until that
        user signs in again (``desktop.account.owner_lock``)."""
        if not profile.kept_for_signed_out_user:
            return True  # signed in, or nobody's data kept: the usual start
        if offscreen():
            return False  # nobody to sign in (a picture): nothing of it is shown
        from desktop.account.owner_lock import opens_for  # noqa: PLC0415

        return opens_for(profile, self)

    @Slot()
    def _choose_or_quit(self) -> None:
        """Its user did not sign in: another profile, or none (the app ends)."""
        if self.window is None and not offscreen():
            self.choose_profile()
        if self.window is None:
            self.exit_code = EXIT_NOT_OPENED
            QApplication.quit()

    def _open_checked(self, profile: Profile) -> tuple[MainWindow, str] | None:
        """The window on profile, after the salvage its damaged replica needs (None: declined)."""
        try:
            return self._updated_window(profile), ""
        except KeyMissing:
            return self._open_afresh(profile)
        except ReplicaDamaged as damage:
            from desktop.shell.repair import offer_repair  # noqa: PLC0415 - a damaged replica only

            repaired, said = offer_repair(profile, damage, self.window)
        except StoreError as error:  # in use elsewhere, a newer version's, unreadable
            words = read_only_words(profile.root) if on_read_only_disk(profile.root) else error
            QMessageBox.critical(None, "FieldDesk", f"FieldDesk cannot open this profile: {words}.")
            return None
        except SecretStoreUnavailable as error:  # the replica's key is in the keyring
            QMessageBox.critical(None, "FieldDesk", f"FieldDesk cannot open this profile: {error}.")
            return None
        if not repaired:
            if said:
                QMessageBox.critical(None, "FieldDesk", said)
            return None
        return MainWindow(profile, sync_on_start=True, messages=self.messages), said

    def _updated_window(self, profile: Profile) -> MainWindow:
        """The window on profile; a replica an earlier FieldDesk left is updated first, on
        a worker thread behind a progress window (a large KB's takes seconds)."""
        try:
            return MainWindow(
                profile, sync_on_start=True, messages=self.messages, update_replica=False
            )
        except UpdateDue:
            from desktop.shell.before_window import wait_behind_progress  # noqa: PLC0415

            wait_behind_progress(UPDATING_REPLICA, lambda: update_replica(profile), self.window)
        return MainWindow(profile, sync_on_start=True, messages=self.messages)

    def _open_afresh(self, profile: Profile) -> tuple[MainWindow, str] | None:
        """The keyring lost the replica's key: offer to sign in again on a fresh copy."""
        from desktop.shell.key_missing import offer_fresh_start  # noqa: PLC0415

        started, said = offer_fresh_start(profile, self.window)
        if not started:
            if said:
                QMessageBox.critical(None, "FieldDesk", said)
            return None
        window = MainWindow(profile, sync_on_start=False, messages=self.messages)
        if not offscreen():
            QTimer.singleShot(0, window.open_sign_in)
        return window, said

    def _replica_failure(self, error: BaseException) -> bool:
        """A read of the replica failed (damaged, full disk): say so instead of a bug report."""
        if self.window is None:
            return False
        said = failure_message(self.window.profile, error)
        if said is None:
            return False
        self.messages.error(said)
        return True

    @Slot()
    def choose_profile(self) -> None:
        from desktop.account.profile_picker import ProfilePicker  # noqa: PLC0415

        current = self.window
        picker = ProfilePicker(current.profile if current else None, current)
        if picker.exec() != ProfilePicker.DialogCode.Accepted or picker.chosen is None:
            return
        if current is not None:
            current.close()
        self.open(picker.chosen)

    @Slot(bool)
    def _signed_out(self, _wiped: bool) -> None:
        QTimer.singleShot(0, self.choose_profile)

    @Slot()
    def _scheme_changed(self) -> None:
        # Icons are drawn in the palette's text colour: redraw them for the new scheme.
        icons.clear_cache()
        if self.window is not None:
            self.window.retint_icons()


def run_gui(
    profile: Profile, screenshot: Path | None = None, *, explicit_profile: bool = True
) -> int:
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qInstallMessageHandler(_without_offscreen_noise)
    else:
        check_display()
    forbid_core_dumps()  # before the replica's key, the token or a visit is in memory
    hold_collections()  # until the window's first paint (long_lived.py)
    app = application()
    _let_go_of_the_x_probe()  # Qt is connected now
    remove_leftovers()  # decrypted copies a crashed FieldDesk left behind
    sweeper = CopySweeper()  # and those opened over an hour ago, while the window stays
    try:
        shell = Shell(profile, explicit_profile=explicit_profile)
    except OSError as error:  # its log or its folders cannot be written: a disk, not a bug
        QMessageBox.critical(None, "FieldDesk", f"FieldDesk cannot start: {os_error_words(error)}.")
        return 1
    if screenshot is not None and shell.window is not None:
        _screenshot_when_idle(shell.window, screenshot)
    code = app.exec() or shell.exit_code
    sweeper.stop()
    resume_collections()  # a start that never painted a window (a declined repair)
    process_copies().remove()  # files opened in other programs: their decrypted copies
    shell.crash.uninstall()
    return code


def _without_offscreen_noise(_mode: object, _context: object, message: str) -> None:
    """Qt's messages, but the offscreen platform's "This plugin does not support
    propagateSizeHints()" for every window it shows: noise to whoever asked for a
    picture, which puzzled a newcomer following the README."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def _screenshot_when_idle(window: MainWindow, path: Path) -> None:
    """Save a picture once the start-up sync is over (or at once without one)."""
    size_for_picture(window)

    def save() -> None:
        window.grab().save(str(path))
        window.close()
        QApplication.quit()

    def after_start_up() -> None:  # the start-up sync begins after the first paint
        if window.sync_controller.running:
            window.sync_controller.finished.connect(lambda _report: QTimer.singleShot(300, save))
            window.sync_controller.failed.connect(lambda _message: QTimer.singleShot(300, save))
        else:
            QTimer.singleShot(300, save)

    window.started.connect(after_start_up)
