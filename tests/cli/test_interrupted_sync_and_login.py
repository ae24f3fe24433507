"""Ctrl-C during `fielddesk sync`, and a `login` cut short, against the real RT.

A technician presses Ctrl-C while a note is on its way (the helpdesk slow to answer,
held by the fault proxy): the run stops once that request is answered, says the
changes are kept, exits 130, and the note is sent (never left "sending" for minutes
when it never left); a second Ctrl-C stops at once, and the next sync settles the note
then in doubt exactly once.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli import __main__ as cli
from devrt.instance import RunningRT
from sync import outbox
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.faults.checks import connect, notes_on_helpdesk, unique
from tests.faults.proxy import FaultProxy, comment_on

pytestmark = [pytest.mark.rt, pytest.mark.usefixtures("os_keyring")]

HELD_S = 4.0  # the helpdesk's answer to the note, held back by the proxy
WAIT_S = 30.0


@pytest.fixture
def proxy(rt: RunningRT) -> Iterator[FaultProxy]:
    with FaultProxy(rt.url) as running:
        yield running


@pytest.fixture
def laptop(rt: RunningRT, proxy: FaultProxy, tmp_path: Path) -> Profile:
    """alice's profile, signed in through the proxy and synced once."""
    profile = Profile(tmp_path / "alice")
    sign_in(profile, proxy.url, "alice", rt.token("alice"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
    finally:
        session.close()
    return profile


def open_visit(profile: Profile) -> int:
    session = Session(profile)
    try:
        visits = ticket_store.list_visits(session.db)
        return next(v.id for v in visits if v.status not in ("resolved", "rejected"))
    finally:
        session.close()


def outbox_states(profile: Profile) -> dict[str, str]:
    """Each note still in the outbox and the word `fielddesk outbox` shows for it (a note
    sent and answered has left it)."""
    session = Session(profile)
    try:
        shown = {}
        for row in outbox.rows(session.db):
            if row.kind == "note":
                in_doubt = row.state == "in_flight" or outbox.in_doubt(row)
                shown[row.payload["content"]] = "sending" if in_doubt else row.state
        return shown
    finally:
        session.close()


def start_sync(profile: Profile) -> subprocess.Popen[str]:
    """`fielddesk sync` as a terminal starts it: Ctrl-C on.  A test run started in the
    background (`nohup`, `&`, as CI may start it) hands its children Ctrl-C ignored, and
    FieldDesk rightly keeps ignoring it then."""
    return subprocess.Popen(
        [sys.executable, "-m", "cli", "--profile", str(profile.root), "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        preexec_fn=_ctrl_c_as_on_a_terminal,  # noqa: PLW1509 - one call, no lock taken
    )


def _ctrl_c_as_on_a_terminal() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_until_on_rt(rt: RunningRT, ticket_id: int, text: str) -> None:
    """RT has saved the note: its answer is what the proxy now holds back."""
    direct = connect(rt, rt.url)
    try:
        give_up = time.monotonic() + WAIT_S
        while not notes_on_helpdesk(direct, ticket_id, text):
            assert time.monotonic() < give_up, "the note never reached RT"
            time.sleep(0.1)
    finally:
        direct.http.close()


def count_on_rt(rt: RunningRT, ticket_id: int, text: str) -> int:
    direct = connect(rt, rt.url)
    try:
        return len(notes_on_helpdesk(direct, ticket_id, text))
    finally:
        direct.http.close()


def test_ctrl_c_stops_the_sync_after_the_request_under_way(
    rt: RunningRT, proxy: FaultProxy, laptop: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = open_visit(laptop)
    first, second = unique("Swapped the PSU"), unique("Tested under load")
    for text in (first, second):
        assert run(capsys, laptop.root, "note", str(visit), text)[0] == 0
    proxy.delay(HELD_S, comment_on(visit), times=1)

    child = start_sync(laptop)
    wait_until_on_rt(rt, visit, first)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=WAIT_S)

    assert child.returncode == 130, err
    assert err == (
        "fielddesk: interrupted after sending 1 change; the rest are kept for the next sync\n"
    )
    # The note under way was answered and recorded; the next one never left.
    assert outbox_states(laptop) == {second: "pending"}
    code, out, err = run(capsys, laptop.root, "sync")
    assert code == 0, err
    assert out.startswith("Sent 1 change;")
    assert (count_on_rt(rt, visit, first), count_on_rt(rt, visit, second)) == (1, 1)


def test_a_second_ctrl_c_stops_at_once_and_the_note_is_settled_once(
    rt: RunningRT, proxy: FaultProxy, laptop: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    visit = open_visit(laptop)
    text = unique("Replaced the drum")
    assert run(capsys, laptop.root, "note", str(visit), text)[0] == 0
    proxy.delay(WAIT_S, comment_on(visit), times=1)

    child = start_sync(laptop)
    wait_until_on_rt(rt, visit, text)
    pressed = time.monotonic()
    child.send_signal(signal.SIGINT)
    time.sleep(0.3)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=WAIT_S)

    assert time.monotonic() - pressed < HELD_S  # not held until the answer comes
    assert child.returncode == 130
    assert err == "fielddesk: interrupted\n"
    # It left: the next sync finds it on RT and does not send it again.
    assert outbox_states(laptop) == {text: "sending"}
    code, _, err = run(capsys, laptop.root, "sync")
    assert code == 0, err
    assert outbox_states(laptop) == {}
    assert count_on_rt(rt, visit, text) == 1


def test_a_login_cut_short_is_not_taken_for_a_damaged_replica(
    rt: RunningRT,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sync.session  # noqa: PLC0415 - the step the sign-in is cut short in

    profile = tmp_path / "new"
    login = ("login", "--url", rt.url, "--user", "alice", "--token-stdin")
    opening = sync.session._replica_for_sign_in

    def cut_short(laptop: Profile, *_args: object) -> object:
        laptop.database_path.write_bytes(b"")  # SQLite made the file; nothing written yet
        raise KeyboardInterrupt  # Ctrl-C, or a shutdown's SIGTERM

    monkeypatch.setattr(sync.session, "_replica_for_sign_in", cut_short)
    monkeypatch.setattr(sys, "stdin", io.StringIO(rt.token("alice")))
    assert cli.main(["--profile", str(profile), *login]) != 0
    capsys.readouterr()

    code, _, err = run(capsys, profile, "sync")

    assert code == 1
    assert "damaged" not in err and "not signed in" in err
    assert not list(profile.glob("damaged-*"))
    monkeypatch.setattr(sync.session, "_replica_for_sign_in", opening)
    monkeypatch.setattr(sys, "stdin", io.StringIO(rt.token("alice")))
    assert run(capsys, profile, *login)[0] == 0
    code, out, err = run(capsys, profile, "sync")
    assert code == 0, err
    assert out.startswith("Sent 0 changes; updated ")
