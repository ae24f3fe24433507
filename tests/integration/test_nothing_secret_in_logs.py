"""After syncs that fail every way, the profile's logs hold no customer text, token or password.

Support reads the log files; a laptop's log folder may be copied or sent.  The
test drives real failures against the real RT (a refused note, an error page
quoting the customer, a dead link, a revoked sign-in, a wrong password) and
greps the raw bytes of every log file for what must never be there.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import SAMPLE_PASSWORD, RunningRT
from tests.cli.runner import run
from tests.faults.proxy import FaultProxy, any_request, comment_on
from tests.integration.rt_admin import grant_owner_rights, revoke_owner_rights, set_password

pytestmark = pytest.mark.rt

NOTE = "Code for the server room is 4471, ask Hannah Briggs on +44 23 9200 3390"
PASSWORD = "Tr0ub4dor-Horse-Staple"  # the test's own, set on the private RT
CHANGED_PASSWORD = "Correct-Battery-Pony-7"


@pytest.fixture
def proxy(rt: RunningRT) -> Iterator[FaultProxy]:
    with FaultProxy(rt.url) as running:
        yield running


def sign_in(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: Path,
    url: str,
    *,
    how: str,
    secret: str,
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(secret + "\n"))
    return run(capsys, profile, "login", "--url", url, "--user", "carol", how)


def customer_texts(capsys: pytest.CaptureFixture[str], profile: Path) -> set[str]:
    """What the laptop holds of its customers: subjects, sites, addresses, contacts."""
    visits = json.loads(run(capsys, profile, "visits", "--json")[1])
    texts = {NOTE, "Hannah Briggs", "9200 3390", "4471"}
    for visit in visits:
        for key in ("subject", "site", "address", "contact"):
            value = (visit.get(key) or "").strip()
            if len(value) >= 6:
                texts.add(value.splitlines()[0])
    return texts


def logged_bytes(*profiles: Path) -> bytes:
    files = [f for p in profiles for f in (p / "logs").rglob("*") if f.is_file()]
    assert files, "the profiles have log files"
    return b"\n".join(f.read_bytes() for f in files)


def test_failed_syncs_leave_no_customer_text_token_or_password_in_the_logs(
    rt: RunningRT,
    proxy: FaultProxy,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = rt.token("carol")
    by_token = tmp_path / "token"
    assert (
        sign_in(capsys, monkeypatch, by_token, proxy.url, how="--token-stdin", secret=token)[0] == 0
    )
    assert run(capsys, by_token, "sync")[0] == 0
    secrets_in_play = customer_texts(capsys, by_token)
    ticket = next(
        v["id"]
        for v in json.loads(run(capsys, by_token, "visits", "--json")[1])
        if v["status"] in ("new", "open")
    )

    # A note RT refuses (no right to comment), then one its error page quotes back.
    assert run(capsys, by_token, "note", str(ticket), NOTE)[0] == 0
    revoke_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
    try:
        assert run(capsys, by_token, "sync")[0] == 3
    finally:
        grant_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
    refused = json.loads(run(capsys, by_token, "outbox", "--json")[1])
    assert run(capsys, by_token, "outbox", "retry", str(refused[0]["seq"]))[0] == 0
    proxy.replace_status(comment_on(ticket), 500, body={"message": f"Could not record: {NOTE}"})
    run(capsys, by_token, "sync")
    proxy.replace_status(comment_on(ticket), 400, body={"message": f"Refused: {NOTE}"})
    run(capsys, by_token, "sync")
    proxy.clear()
    # A dead link, then a sign-in the helpdesk no longer accepts.
    proxy.reset_all()
    assert run(capsys, by_token, "sync")[0] == 1
    proxy.clear()
    proxy.replace_status(any_request, 401)
    assert run(capsys, by_token, "sync")[0] == 1
    proxy.clear()

    # A password sign-in: a wrong one, then one changed on the helpdesk afterwards.
    by_password = tmp_path / "password"
    set_password(rt, "carol", PASSWORD)
    try:
        assert (
            sign_in(
                capsys,
                monkeypatch,
                by_password,
                proxy.url,
                how="--password-stdin",
                secret="x" + PASSWORD,
            )[0]
            == 1
        )
        assert (
            sign_in(
                capsys, monkeypatch, by_password, proxy.url, how="--password-stdin", secret=PASSWORD
            )[0]
            == 0
        )
        assert run(capsys, by_password, "sync")[0] == 0
        set_password(rt, "carol", CHANGED_PASSWORD)
        assert run(capsys, by_password, "sync")[0] == 1
    finally:
        set_password(rt, "carol", SAMPLE_PASSWORD)

    logged = logged_bytes(by_token, by_password)
    assert b"refused" in logged and b"sync stopped" in logged  # the failures were logged
    leaked = sorted(
        s for s in secrets_in_play | {token, PASSWORD, CHANGED_PASSWORD} if s.encode() in logged
    )
    assert leaked == []
