"""`fielddesk gui` with a DISPLAY that is set but lets no window in (an 'ssh -X' session
that ended, a FieldDesk started with sudo): one line naming the display, exit status 1,
not Qt's abort (134) saying a library, xcb-cursor0, is needed."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.cli.test_entry_point import run_fielddesk

pytestmark = pytest.mark.skipif(
    shutil.which("Xvfb") is None or shutil.which("xauth") is None,
    reason="Xvfb and xauth: scripts/setup.sh installs them",
)


class XServer(NamedTuple):
    display: str
    owners_authority: Path  # the cookie of the user whose desktop it is


@pytest.fixture
def someone_elses_display(tmp_path: Path) -> Iterator[XServer]:
    """A virtual X server that admits only holders of its cookie, as a desktop does."""
    cookie = secrets.token_hex(16)
    servers = tmp_path / "server-authority"
    add_cookie(servers, ":0", cookie)  # the server takes any display's entry as its cookie
    number_read, number_written = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(number_written), "-auth", str(servers), "-nolisten", "tcp"],
        pass_fds=(number_written,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(number_written)
    try:
        with os.fdopen(number_read) as numbers:
            display = f":{numbers.readline().strip()}"
        owners = tmp_path / "owner-authority"
        add_cookie(owners, display, cookie)
        yield XServer(display, owners)
    finally:
        server.terminate()
        server.wait(timeout=10)


def add_cookie(authority: Path, display: str, cookie: str) -> None:
    subprocess.run(
        ["xauth", "-q", "-f", str(authority), "add", display, "MIT-MAGIC-COOKIE-1", cookie],
        check=True,
        capture_output=True,
    )


def gui_on(display: str, home: Path, **more: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "DISPLAY": display, **more}
    return run_fielddesk("--profile", str(home / "p"), "gui", env=env)


def unused_display() -> str:
    number = 4321
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    return f":{number}"


def test_a_display_that_is_gone_is_named(tmp_path: Path) -> None:
    display = unused_display()
    result = gui_on(display, tmp_path)
    assert result.returncode == 1, result.stderr
    assert f"fielddesk: the display DISPLAY={display} cannot be reached" in result.stderr
    assert "'ssh -X' session that ended" in result.stderr
    assert "xcb-cursor0" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_display_that_lets_another_user_in_only_is_named(
    tmp_path: Path, someone_elses_display: XServer
) -> None:
    result = gui_on(someone_elses_display.display, tmp_path, XAUTHORITY=str(tmp_path / "none"))
    assert result.returncode == 1, result.stderr
    display = someone_elses_display.display
    assert f"fielddesk: the display DISPLAY={display} cannot be reached" in result.stderr
    assert "started with sudo" in result.stderr
    assert "xcb-cursor0" not in result.stderr


def test_the_owner_of_the_display_gets_the_window(
    someone_elses_display: XServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.app import check_display  # noqa: PLC0415 - Qt: the other tests run it in a child

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)  # as on a desktop: Qt picks xcb
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", someone_elses_display.display)
    monkeypatch.setenv("XAUTHORITY", str(someone_elses_display.owners_authority))
    check_display()  # no NoDisplayError
