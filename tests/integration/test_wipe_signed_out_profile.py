"""IT's remote wipe of a user takes the profile the user signed out of keeping its data
(the only choice while changes are unsent), against the real RT."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.profile import Profile
from sync.profile_key import load_key
from sync.profiles import sign_out
from tests.cli.runner import run
from tests.integration.rt_admin import set_wipe_flag

pytestmark = pytest.mark.rt

WIPED = "IT wiped FieldDesk's data on this laptop"


def signed_in_and_synced(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, rt: RunningRT, at: Path
) -> Path:
    monkeypatch.setattr("sys.stdin", io.StringIO(rt.token("bob") + "\n"))
    args = ("login", "--url", rt.url, "--user", "bob", "--token-stdin")
    assert run(capsys, at, *args)[0] == 0
    assert run(capsys, at, "sync")[0] == 0
    return at


@pytest.fixture
def wipe_cleared(rt: RunningRT) -> Iterator[None]:
    yield
    set_wipe_flag(rt, "bob", wipe=False)


def test_a_remote_wipe_takes_the_profile_the_user_signed_out_of_keeping_its_data(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    wipe_cleared: None,
) -> None:
    at_work = signed_in_and_synced(capsys, monkeypatch, rt, tmp_path / "bob")
    at_home = signed_in_and_synced(capsys, monkeypatch, rt, tmp_path / "bob-at-home")
    sign_out(Profile(at_home), wipe=False)  # File > Sign out, keeping the data

    code, _, err = run(capsys, at_work, "sync")
    assert code == 0, err  # the profile still signed in kept the token they share

    set_wipe_flag(rt, "bob", wipe=True)  # the laptop is reported lost
    code, _, err = run(capsys, at_work, "sync")

    assert code == 1 and WIPED in err
    assert load_key(at_home) is None, "the signed-out profile's replica key is gone too"
    assert not Profile(at_home).database_path.exists()
    code, _, err = run(capsys, at_home, "visits")
    assert code == 1 and WIPED in err
