"""`fielddesk` on a profile signed out with its data kept: nothing of it is read or
written until its user signs in again; another user's sign-in there is refused.

Before, after Alice's "Sign out, keep data" anyone at the laptop could list her visits
(`visits`, `show`) and queue notes on them, which went out as whoever signed in next.
"""

from __future__ import annotations

import io
import json

import pytest

from devrt.instance import RunningRT
from sync.profile import Profile
from sync.profiles import sign_out
from tests.cli.runner import log_in, run

pytestmark = pytest.mark.rt

NOTE = "Swapped the PSU; the customer keeps the old one for now."


def test_a_signed_out_profile_is_locked_until_its_user_signs_in_again(
    rt: RunningRT,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = profile.root
    log_in(capsys, monkeypatch, root, rt, "alice")
    assert run(capsys, root, "sync")[0] == 0
    code, out, _ = run(capsys, root, "visits", "--json")
    visit = json.loads(out)[0]["id"]
    assert run(capsys, root, "note", str(visit), NOTE)[0] == 0
    sign_out(profile, wipe=False)  # File → Sign out → keep the data

    for command in (["visits"], ["show", str(visit)], ["note", str(visit), "Bob's note"]):
        code, out, err = run(capsys, root, *command, "--json")
        said = json.loads(out)
        assert (code, said["cause"]) == (1, "signed_out"), (command, out, err)
        assert "alice's visits and unsent work are kept here" in said["error"]
        assert "Traceback" not in err

    monkeypatch.setattr("sys.stdin", io.StringIO(rt.token("bob") + "\n"))
    code, out, err = run(
        capsys, root, "login", "--url", rt.url, "--user", "bob", "--token-stdin", "--json"
    )
    said = json.loads(out)
    assert (code, said["cause"]) == (1, "another_users_profile"), out
    assert "sign in as alice" in said["error"]

    log_in(capsys, monkeypatch, root, rt, "alice")  # Alice, back: all of it is hers again
    code, out, _ = run(capsys, root, "outbox", "--json")
    assert code == 0 and NOTE in out
