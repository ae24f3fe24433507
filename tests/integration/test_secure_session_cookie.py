"""A password sign-in to an RT that marks its session cookie Secure, as RT 5.0.7 does.

RT's ``$WebSecureCookies`` is on by default in Debian 13's RT 5.0.7: its login answers
``Set-Cookie: RT_SID_…; secure``.  requests never sends such a cookie over plain http://,
so signing in at ``http://127.0.0.1`` (the demo, an SSH tunnel) was told "wrong password"
while RT logged a successful login.  Here the real RT 5.0.3 of the suite with that setting
on behaves as 5.0.7 does: over http:// to this laptop the cookie goes back (as a browser
sends it to loopback), to the helpdesk's own address only; over https:// as before; on any
other http:// address the technician is told why no password can work there.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.account.sign_in import sign_in_problem
from devrt.certs import CertificateAuthority
from devrt.instance import SAMPLE_PASSWORD, RTInstance, RunningRT
from devrt.nginx import TLSFront, free_port
from sync.connectors.base import NoteRequest
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.errors import SyncError, UntrustedConnection
from sync.profile import Profile
from sync.session import check_sign_in
from tests.capture_server import CaptureServer
from tests.integration.helpers import comments_with, rt_with_setting
from tests.integration.test_password_sign_in import offline_day_reaches_rt_once

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def secure_rt(rt_instance: RTInstance, rt: RunningRT) -> Iterator[RunningRT]:
    """The suite's RT with its session cookie marked Secure (RT 5.0.7's default)."""
    with rt_with_setting(
        rt_instance, rt, "secure-session-cookie", "Set($WebSecureCookies, 1);"
    ) as secure:
        yield secure


def test_the_helpdesk_marks_its_session_cookie_secure(secure_rt: RunningRT) -> None:
    http = RTHttp(secure_rt.url, Credentials("alice", password=SAMPLE_PASSWORD))
    answer = http.session.post(
        f"{secure_rt.url}/NoAuth/Login.html",
        data={"user": "alice", "pass": SAMPLE_PASSWORD},
        allow_redirects=False,
    )
    assert "; secure" in answer.headers["Set-Cookie"].lower()  # as RT 5.0.7 answers
    http.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_password_signs_in_and_syncs_over_http_on_this_laptop(
    secure_rt: RunningRT, profile: Profile, host: str
) -> None:
    url = f"http://{host}:{secure_rt.port}"

    signed_in = check_sign_in(url, "alice", SAMPLE_PASSWORD, "password")

    assert (signed_in.user, signed_in.real_name) == ("alice", "Alice Moreau")
    offline_day_reaches_rt_once(secure_rt, profile, url)  # reads, a note, a status, a ticket


def test_the_session_cookie_goes_to_the_helpdesk_alone(secure_rt: RunningRT) -> None:
    http = RTHttp(secure_rt.url, Credentials("alice", password=SAMPLE_PASSWORD))
    alice = RTConnector(http)
    visit_id = min(alice.owned_ticket_ids())  # signs in
    with CaptureServer() as elsewhere:  # this laptop too, on another port: another origin
        with contextlib.suppress(SyncError):
            http.get(f"http://127.0.0.1:{elsewhere.port}/REST/2.0/rt")
        text = f"Checked the UPS self-test log. {uuid.uuid4().hex[:8]}"
        alice.add_note(NoteRequest(visit_id, str(uuid.uuid4()), text))

    [request] = elsewhere.requests
    assert "RT_SID" not in request.headers.get("Cookie", "")
    assert len(comments_with(secure_rt, visit_id, text)) == 1
    http.close()


def test_on_another_http_address_the_technician_is_told_why_no_password_works(
    secure_rt: RunningRT, monkeypatch: pytest.MonkeyPatch
) -> None:
    # FieldDesk sends no password to plain http:// on the network at all (InsecureAddress):
    # here the connection takes this RT for one on the network, to hear what it would say.
    monkeypatch.setattr("sync.connectors.rt_http.is_loopback", lambda _host: False)

    with pytest.raises(UntrustedConnection) as refused:
        check_sign_in(secure_rt.url, "alice", SAMPLE_PASSWORD, "password")

    said = sign_in_problem(refused.value, secure_rt.url)  # the sign-in window's words
    assert "marks its session cookie Secure" in said
    assert f"Sign in at https://127.0.0.1:{secure_rt.port}, or with an auth token." in said
    assert "user name and password" not in said


@dataclass(frozen=True)
class HttpsFront:
    url: str
    ca_file: Path


@pytest.fixture(scope="module")
def https_front(
    secure_rt: RunningRT, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HttpsFront]:
    """nginx terminating https:// in front of the secure-cookie RT."""
    root = tmp_path_factory.mktemp("secure-cookie-https")
    ca = CertificateAuthority(root / "ca")
    certificate = ca.issue(root / "server", dns_names=("localhost",), ip_addresses=("127.0.0.1",))
    front = TLSFront(
        root / "nginx",
        port=free_port(),
        upstream_port=secure_rt.port,
        certificate=certificate,
        path="",
        log=lambda _: None,
    )
    front.start(ca.certificate_path)
    try:
        yield HttpsFront(front.url, ca.certificate_path)
    finally:
        front.stop()


def test_over_https_a_password_sign_in_works_as_before(
    secure_rt: RunningRT, https_front: HttpsFront
) -> None:
    http = RTHttp(
        https_front.url,
        Credentials("alice", password=SAMPLE_PASSWORD),
        ca_file=https_front.ca_file,
    )
    alice = RTConnector(http)
    assert alice.current_user().name == "alice"
    visit_id = min(alice.owned_ticket_ids())
    text = f"Sent through the company's HTTPS proxy. {uuid.uuid4().hex[:8]}"

    alice.add_note(NoteRequest(visit_id, str(uuid.uuid4()), text))

    assert len(comments_with(secure_rt, visit_id, text)) == 1
    http.close()
