"""`fielddesk logout`: the window's Sign out on the command line (real RT).

Before, the command line could sign in but not out: a technician at a terminal (or a
script handing a pooled laptop back) left the token in the keyring and the profile open.
"""

from __future__ import annotations

import json

import pytest

from devrt.instance import RunningRT
from sync.lock import ProfileLock
from sync.profile import Profile
from sync.secrets import load_secret
from tests.cli.runner import log_in, run
from tests.integration.helpers import comments_with

pytestmark = pytest.mark.rt

KEPT_NOTE = "Reseated the fuser; test page clean."
LOST_NOTE = "Toner low; ordered a new cartridge."  # each test its own: they share the RT


def _signed_in_with_a_note(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: Profile,
    rt: RunningRT,
    note: str,
) -> int:
    """Alice's synced profile with one note not sent yet; the visit's id."""
    log_in(capsys, monkeypatch, profile.root, rt, "alice")
    assert run(capsys, profile.root, "sync")[0] == 0
    visit = int(json.loads(run(capsys, profile.root, "visits", "--json")[1])[0]["id"])
    assert run(capsys, profile.root, "note", str(visit), note)[0] == 0
    return visit


def test_signing_out_keeps_the_work_locked_until_the_same_user_signs_in_again(
    rt: RunningRT,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visit = _signed_in_with_a_note(capsys, monkeypatch, profile, rt, KEPT_NOTE)

    code, out, err = run(capsys, profile.root, "logout")

    assert code == 0, err
    assert f"Signed out of alice at {rt.url}" in out
    assert "1 change not sent yet goes at the first sync after that sign-in" in out
    assert load_secret(rt.url, "alice") is None  # the token is gone from the keyring
    code, out, _ = run(capsys, profile.root, "visits", "--json")
    assert (code, json.loads(out)["cause"]) == (1, "signed_out")
    assert comments_with(rt, visit, KEPT_NOTE) == []

    log_in(capsys, monkeypatch, profile.root, rt, "alice")
    assert run(capsys, profile.root, "sync")[0] == 0
    assert len(comments_with(rt, visit, KEPT_NOTE)) == 1  # kept, and sent once, as hers


def test_a_wipe_is_refused_while_work_is_unsent_unless_its_loss_is_meant(
    rt: RunningRT,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visit = _signed_in_with_a_note(capsys, monkeypatch, profile, rt, LOST_NOTE)

    code, out, err = run(capsys, profile.root, "logout", "--wipe", "--json")

    said = json.loads(out)
    assert (code, said["cause"]) == (1, "unsent_work"), err
    assert "1 change has not reached the helpdesk" in said["error"]
    assert "--discard-unsent" in said["error"] and "outbox export" in said["error"]
    assert len(said["report"]["unsent"]) == 1
    assert run(capsys, profile.root, "outbox")[0] == 0  # nothing was touched
    assert load_secret(rt.url, "alice") is not None

    code, out, err = run(capsys, profile.root, "logout", "--wipe", "--discard-unsent")

    assert code == 0, err
    assert "deleted this profile's data" in out and "1 unsent change lost" in out
    assert not profile.root.exists()
    assert load_secret(rt.url, "alice") is None
    assert comments_with(rt, visit, LOST_NOTE) == []


def test_a_sign_out_waits_for_the_window_open_on_the_profile(
    rt: RunningRT,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_in(capsys, monkeypatch, profile.root, rt, "alice")

    with ProfileLock(profile.window_lock_path):  # what the open window holds
        code, out, err = run(capsys, profile.root, "logout", "--json")

    said = json.loads(out)
    assert (code, said["cause"]) == (1, "profile_busy"), err
    assert "window is open on this profile: sign out there" in said["error"]
    assert load_secret(rt.url, "alice") is not None  # still signed in
    assert run(capsys, profile.root, "logout")[0] == 0  # the window closed: it goes


def test_a_profile_nobody_is_signed_in_to_is_only_wiped(
    rt: RunningRT,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log_in(capsys, monkeypatch, profile.root, rt, "alice")
    assert run(capsys, profile.root, "logout")[0] == 0

    code, out, _ = run(capsys, profile.root, "logout", "--json")
    assert (code, json.loads(out)["cause"]) == (1, "not_signed_in")
    code, out, err = run(capsys, profile.root, "logout", "--discard-unsent")
    assert code == 1 and "--discard-unsent goes with --wipe" in err

    code, out, err = run(capsys, profile.root, "logout", "--wipe")
    assert code == 0, err
    assert out.startswith("Deleted this profile's data")
    assert not profile.root.exists()
