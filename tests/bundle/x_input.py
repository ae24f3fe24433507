"""A virtual X screen, and a person's keys and clicks on it (XTEST), for a real window.

The frozen app is another process: Qt's test functions cannot reach it, so its window
is used as a person uses it.  XTEST needs libXtst (installed with most X programs);
without it the tests that need input are skipped.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from ctypes import c_char_p, c_int, c_uint, c_ulong, c_void_p

import pytest

SCREEN = "1366x768x24"  # a laptop's


@contextmanager
def virtual_screen() -> Iterator[str]:
    """An Xvfb of its own; yields its DISPLAY."""
    number_read, number_written = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(number_written), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(number_written,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(number_written)
    try:
        with os.fdopen(number_read) as numbers:
            yield f":{numbers.readline().strip()}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class Person:
    """Keys and clicks sent to an X display through XTEST, as if typed and clicked."""

    def __init__(self, display: str) -> None:
        try:
            self._x11 = ctypes.CDLL("libX11.so.6")
            self._xtest = ctypes.CDLL("libXtst.so.6")
        except OSError as error:
            pytest.skip(f"no XTEST to type with: {error} (apt install libxtst6)")
        self._x11.XOpenDisplay.restype = c_void_p
        self._x11.XOpenDisplay.argtypes = (c_char_p,)
        self._x11.XStringToKeysym.restype = c_ulong
        self._x11.XStringToKeysym.argtypes = (c_char_p,)
        self._x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self._x11.XKeysymToKeycode.argtypes = (c_void_p, c_ulong)
        self._x11.XFlush.argtypes = (c_void_p,)
        self._x11.XCloseDisplay.argtypes = (c_void_p,)
        self._xtest.XTestFakeKeyEvent.argtypes = (c_void_p, c_uint, c_int, c_ulong)
        self._xtest.XTestFakeMotionEvent.argtypes = (c_void_p, c_int, c_int, c_int, c_ulong)
        self._xtest.XTestFakeButtonEvent.argtypes = (c_void_p, c_uint, c_int, c_ulong)
        self._display = self._x11.XOpenDisplay(display.encode())
        assert self._display, f"cannot open {display}"

    def press(self, key: str) -> None:
        """One key by its X name ("Escape", "l")."""
        code = self._x11.XKeysymToKeycode(self._display, self._x11.XStringToKeysym(key.encode()))
        self._xtest.XTestFakeKeyEvent(self._display, code, True, 0)
        self._xtest.XTestFakeKeyEvent(self._display, code, False, 0)
        self._settle()

    def click(self, x: int, y: int) -> None:
        self._xtest.XTestFakeMotionEvent(self._display, -1, x, y, 0)
        self._xtest.XTestFakeButtonEvent(self._display, 1, True, 0)
        self._xtest.XTestFakeButtonEvent(self._display, 1, False, 0)
        self._settle()

    def close(self) -> None:
        self._x11.XCloseDisplay(self._display)

    def _settle(self) -> None:
        self._x11.XFlush(self._display)
        time.sleep(0.3)  # the app's turn: a menu opens, a dialog closes
