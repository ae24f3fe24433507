"""Servers that answer too slowly, never finish, or answer with hostile text.

Real listeners on 127.0.0.1 only.  A check must end within its timeout however
its server behaves, Cancel must never turn a cut-off answer into a result, and
nothing a server says may reach the window, the JSON or the note as it came.
"""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest

from devrt.certs import CertificateAuthority
from sync.netcheck import web
from sync.netcheck.report import json_bytes, json_name, note_text
from sync.netcheck.result import CANCELLED, FAIL, Cancel, Limits
from sync.netcheck.run import Options, plan, run_checks
from sync.netcheck.targets import parse_target, parse_targets
from sync.netcheck.web import _described
from tests.capture_server import CaptureServer
from tests.netcheck_servers import canned_http, drip_proxy, silent_tcp, slow_header, tls_front

LIMIT_S = 1.0
# Far above the limit: only an unbounded wait (the bug) comes near it, even on a
# loaded two-core machine.
BOUND_S = 8.0
# The trickling servers take far longer than BOUND_S to finish their answer.
TRICKLE = slow_header(seconds=30, every_s=0.1)
# What must never reach a result: C0 but space, DEL, C1, and the marks that reorder text.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthority:
    return CertificateAuthority(tmp_path_factory.mktemp("ca"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_a_server_trickling_its_header_fails_as_too_slow_within_the_timeout() -> None:
    with canned_http(TRICKLE, every_s=0.1) as port:
        started = time.monotonic()
        result = web.probe(parse_target(f"http://127.0.0.1:{port}/"), Limits(LIMIT_S))
        took = time.monotonic() - started
    assert took < BOUND_S
    assert result.status == FAIL
    assert result.figure == "too slow"
    assert "began to answer but did not finish within 1.0 s" in result.detail


def test_a_slow_tls_handshake_fails_within_the_timeout(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    with (
        CaptureServer(ca.issue(tmp_path / "s")) as server,
        drip_proxy(server.port, every_s=0.05) as proxy,
    ):
        started = time.monotonic()
        result = web.probe(
            parse_target(f"https://localhost:{proxy}/"),
            Limits(LIMIT_S),
            ca_file=ca.certificate_path,
        )
        took = time.monotonic() - started
    assert took < BOUND_S
    assert result.status == FAIL
    assert "the TLS handshake did not finish within 1.0 s" in result.detail


def test_a_slow_header_after_a_quick_tls_handshake_fails_within_the_timeout(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    # TLS in front of the trickling server: the handshake is quick, the answer is not.
    with (
        canned_http(TRICKLE, every_s=0.1) as plain,
        tls_front(ca.issue(tmp_path / "s"), plain) as port,
    ):
        started = time.monotonic()
        result = web.probe(
            parse_target(f"https://localhost:{port}/"), Limits(LIMIT_S), ca_file=ca.certificate_path
        )
        took = time.monotonic() - started
    assert took < BOUND_S
    assert result.status == FAIL
    assert result.figure == "too slow"


def test_a_run_of_many_hostile_targets_ends_in_bounded_time(
    ca: CertificateAuthority, tmp_path: Path
) -> None:
    with (
        canned_http(TRICKLE, every_s=0.1) as trickling,
        silent_tcp() as silent,
        CaptureServer(ca.issue(tmp_path / "s")) as tls,
        drip_proxy(tls.port, every_s=0.05) as slow_tls,
    ):
        lines = [f"http://127.0.0.1:{trickling}/x{n}" for n in range(5)]
        lines += [f"http://127.0.0.1:{silent}/", f"https://localhost:{slow_tls}/"]
        steps = plan(parse_targets(lines), Options())
        started = time.monotonic()
        run = run_checks(steps, Options(timeout_s=LIMIT_S), Cancel())
        took = time.monotonic() - started
    rounds = -(-len(lines) // 4)  # four targets at a time
    assert took < BOUND_S * rounds
    assert {r.status for r in run.results[1:]} == {FAIL}


def test_cancel_during_a_trickled_header_is_cancelled_not_a_pass() -> None:
    cancel = Cancel()
    sending = threading.Event()
    with canned_http(TRICKLE, every_s=0.1, sending=sending) as port:
        steps = plan(parse_targets([f"http://127.0.0.1:{port}/"]), Options())
        threading.Thread(target=lambda: sending.wait(30) and cancel.cancel(), daemon=True).start()
        run = run_checks(steps, Options(timeout_s=60), cancel)
    assert run.cancelled
    result = run.results[-1]
    assert result.status == CANCELLED
    assert "| PASS | HTTP |" not in note_text(run, json_name(run))


HOSTILE_REASON = "\x1b]0;pwned\x07\x1b[2J<img src=/dev/zero>\u202egnp.exe\x9b31m" + "A" * 5000
HOSTILE_LOCATION = "http://evil.test/\x1b[2J\r\x00" + "B" * 60000


def _hostile_answer() -> bytes:
    return (
        b"HTTP/1.1 302 "
        + HOSTILE_REASON.encode("utf-8")
        + b"\r\nLocation: "
        + HOSTILE_LOCATION.replace("\r", "").encode("latin-1")
        + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )


def test_a_hostile_reason_and_location_reach_no_result_as_they_came() -> None:
    with canned_http(_hostile_answer()) as port:
        steps = plan(parse_targets([f"http://127.0.0.1:{port}/"]), Options())
        run = run_checks(steps, Options(timeout_s=5), Cancel())
    result = run.results[-1]
    assert result.data["status"] == 302
    shown = [result.figure, result.detail, *note_text(run, json_name(run)).splitlines()]
    shown += _strings(json.loads(json_bytes(run)))
    for text in shown:
        assert not UNSAFE.search(text), repr(text[:200])
    # The escape sequences are seen for what they are, and long text ends in an ellipsis.
    assert "␛]0;pwned␇␛[2J<img src=/dev/zero>gnp.exe" in result.detail
    assert "redirects to http://evil.test/␛[2J" in result.detail
    assert "…" in result.detail
    assert len(result.detail) < 1000


def test_a_bad_status_line_is_quoted_clean() -> None:
    with canned_http(b"\x1b]0;pwned\x07 nonsense\r\n\r\n") as port:
        result = web.probe(parse_target(f"http://127.0.0.1:{port}/"), Limits(5))
    assert result.status == FAIL
    assert "broke the connection" in result.detail
    assert not UNSAFE.search(result.detail)
    assert "␛]0;pwned␇" in result.detail


def test_certificate_names_are_shown_clean() -> None:
    peer = {
        "subject": ((("commonName", "intranet\x1b[2J\u202eevil"),),),
        "issuer": ((("organizationName", "Proxy\x07" + "C" * 1000),),),
        "notAfter": "Jan  1 00:00:00 2031 GMT",
    }
    described = _described(peer)
    assert described["subject"] == "CN=intranet␛[2Jevil"
    assert described["issuer"].startswith("O=Proxy␇CCC") and described["issuer"].endswith("…")
    assert len(described["issuer"]) <= 200
