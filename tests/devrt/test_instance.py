"""The private RT harness: start, reuse, stop and fail the way a user expects."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import devrt.instance
from devrt import __main__ as devrt_cli
from devrt import packages
from devrt.instance import RTInstance

pytestmark = pytest.mark.rt


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on port (from /proc/net)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def stranger() -> Iterator[subprocess.Popen[bytes]]:
    """An unrelated process that must survive whatever the harness does."""
    process = subprocess.Popen(["sleep", "120"])
    yield process
    process.kill()
    process.wait()


def test_listens_on_loopback_only(rt_instance: RTInstance) -> None:
    running = rt_instance.up()
    assert listening_addresses(running.port) == {"0100007F"}  # 127.0.0.1


def test_second_up_reuses_the_running_server(rt_instance: RTInstance) -> None:
    first = rt_instance.up()
    results = []
    threads = [threading.Thread(target=lambda: results.append(rt_instance.up())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {(r.pid, r.port) for r in results} == {(first.pid, first.port)}


def test_a_restarted_helpdesk_keeps_its_address(rt_instance: RTInstance) -> None:
    before = rt_instance.up()
    rt_instance.down()
    after = rt_instance.up()
    assert after.url == before.url and after.pid != before.pid


def test_port_in_use_moves_to_another_port(
    rt_instance: RTInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = rt_instance.up()
    rt_instance.down()
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past TIME_WAIT
        squatter.bind(("127.0.0.1", previous.port))  # someone took its old port
        squatter.listen()
        with socket.socket() as second:
            second.bind(("127.0.0.1", 0))
            second.listen()
            taken = second.getsockname()[1]
            offers = iter([taken])  # and the first "free" port is gone by the time RT binds it
            real_free_port = devrt.instance._free_port
            monkeypatch.setattr(
                devrt.instance, "_free_port", lambda: next(offers, None) or real_free_port()
            )
            running = rt_instance.up()
    assert running.port not in (taken, previous.port)
    assert rt_instance.status() == running


def test_down_stops_exactly_the_servers_processes(
    rt_instance: RTInstance, stranger: subprocess.Popen[bytes]
) -> None:
    running = rt_instance.up()
    assert rt_instance.down() is True
    assert not group_alive(running.pid)
    assert stranger.poll() is None
    assert rt_instance.status() is None
    assert rt_instance.down() is False  # nothing left to stop


def test_stale_state_never_signals_a_stranger(
    rt_instance: RTInstance, stranger: subprocess.Popen[bytes]
) -> None:
    rt_instance.down()
    # A crashed harness left a state file whose pid now belongs to someone else.
    rt_instance.state_path.write_text(
        f'{{"pid": {stranger.pid}, "pgid": {stranger.pid}, "port": 1}}'
    )
    running = rt_instance.up()
    assert stranger.poll() is None
    assert running.pid != stranger.pid


def test_missing_rt_without_root_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(packages, "rt_is_installed", lambda: False)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert devrt_cli.main(["up", "--dir", str(tmp_path / "rt")]) == 1
    err = capsys.readouterr().err
    assert "Request Tracker 5 is not installed" in err
    assert "apt-get install -y --no-install-recommends request-tracker5" in err
    assert "Traceback" not in err


def test_an_instance_from_an_older_admin_kit_is_provisioned_afresh(
    rt_instance: RTInstance,
) -> None:
    rt_instance.up()
    (rt_instance.root / devrt.instance.KIT_FINGERPRINT_FILE).write_text("an older kit")
    running = rt_instance.up()
    assert (rt_instance.root / devrt.instance.KIT_FINGERPRINT_FILE).read_text() == (
        devrt.instance.kit_fingerprint()
    )
    assert rt_instance.status() == running
    assert devrt.instance._rest_answers(running.port)
