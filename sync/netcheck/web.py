"""HTTP(S) GET: status, time to first byte, and the TLS certificate.

The certificate is checked with the operating system's store (truststore, as
the helpdesk connection is) plus IT's ``ca_file``: "trusted" here means what
this laptop's browsers would say too.  An untrusted certificate is still
read (without trusting it) so the result can name who issued it: a TLS
inspection proxy or a captive portal shows up that way.

The whole GET -- TCP connect, TLS handshake, request, the answer's head (and
its body when asked) -- ends within the check's timeout: every read waits only
for what is left of it (``_Bounded``), so a server that trickles its answer a
byte at a time fails in time instead of holding the run.  A read that Cancel
woke ends the check as cancelled, never as the short answer it cut off.  What
the server says (reason, ``Location``, certificate names, its bytes quoted in
an error) reaches the result only through ``server_text.shown``.
"""

from __future__ import annotations

import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sync.connectors.tls import explain_untrusted, ssl_context
from sync.netcheck.connect import Connected, ProbeFailed, open_tcp
from sync.netcheck.result import (
    FAIL,
    NO_RIGHTS,
    PASS,
    WARN,
    Cancel,
    Limits,
    ProbeResult,
    milliseconds,
)
from sync.netcheck.server_text import header_text, shown
from sync.netcheck.targets import Target

EXPIRY_WARNING_DAYS = 14
USER_AGENT = "FieldDesk network check"


@dataclass
class Fetched:
    status: int
    reason: str
    location: str
    connect_s: float
    tls_s: float
    first_byte_s: float  # from sending the request to the status line
    body_bytes: int = 0
    body_s: float = 0.0
    certificate: dict[str, Any] = field(default_factory=dict)


class Untrusted(ProbeFailed):
    def __init__(self, text: str, certificate: dict[str, Any]) -> None:
        super().__init__(text)
        self.certificate = certificate


class TooSlow(ProbeFailed):
    """The server began to answer, but not all of its answer came within the timeout."""


class _Bounded:
    """The connection as http.client uses it: no read or write waits past the deadline.

    A socket's timeout bounds each read, not the answer: a server sending its head a
    byte every half second kept a plain socket reading for ever.  Here each read waits
    only for what is left of the check's time, and a read that Cancel woke (Cancel
    shuts the socket down, which http.client would take for the end of a short
    answer) raises ``Cancelled``.
    """

    def __init__(self, sock: socket.socket, deadline: float, cancel: Cancel) -> None:
        self.sock, self.deadline, self.cancel = sock, deadline, cancel
        self.received = 0  # bytes of the answer so far

    def _wait_at_most_what_is_left(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        self.sock.settimeout(left)

    def sendall(self, data: bytes) -> None:
        self._wait_at_most_what_is_left()
        self.sock.sendall(data)

    def recv_into(self, buffer: Any) -> int:
        self._wait_at_most_what_is_left()
        count = self.sock.recv_into(buffer)
        self.cancel.check()
        self.received += count
        return count

    def makefile(self, _mode: str) -> io.BufferedReader:
        return io.BufferedReader(_Reader(self))

    def close(self) -> None:
        """http.client closes its connection when done; ``fetch`` closes the socket."""


class _Reader(io.RawIOBase):
    def __init__(self, connection: _Bounded) -> None:
        super().__init__()
        self.connection = connection

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self.connection.recv_into(buffer)


def fetch(
    url: str, limits: Limits, *, ca_file: Path | None = None, read_body: bool = False
) -> Fetched:
    """GET url: the answer's head (and the body's size and time when asked)."""
    parts = urlsplit(url)
    secure = parts.scheme.lower() == "https"
    host = parts.hostname or ""
    port = parts.port or (443 if secure else 80)
    deadline = time.monotonic() + limits.timeout_s
    connected = open_tcp(host, port, limits.timeout_s, limits.cancel)
    sock: socket.socket = connected.sock
    try:
        limits.cancel.watch(sock)
        tls_s, certificate = 0.0, dict[str, Any]()
        if secure:
            sock, tls_s, certificate = _handshake(
                connected, host, port, limits=limits, deadline=deadline, ca_file=ca_file
            )
            limits.cancel.watch(sock)
        return _exchange(
            _Bounded(sock, deadline, limits.cancel),
            host,
            port,
            parts,
            connected=connected,
            tls_s=tls_s,
            certificate=certificate,
            read_body=read_body,
            timeout_s=limits.timeout_s,
        )
    except TimeoutError:
        limits.cancel.check()
        raise ProbeFailed(f"{host}:{port} did not answer in time") from None
    except ssl.SSLError as error:
        limits.cancel.check()
        reason = shown(error.reason or error)
        raise ProbeFailed(f"no secure connection to {host}: {reason}") from None
    except (OSError, http.client.HTTPException) as error:
        limits.cancel.check()  # a socket shut down by Cancel fails here
        # The error may quote the server's own bytes (a bad status line).
        raise ProbeFailed(f"{host}:{port} broke the connection ({shown(error)})") from None
    finally:
        limits.cancel.forget(connected.sock)
        limits.cancel.forget(sock)
        sock.close()


def _handshake(
    connected: Connected,
    host: str,
    port: int,
    *,
    limits: Limits,
    deadline: float,
    ca_file: Path | None,
) -> tuple[ssl.SSLSocket, float, dict[str, Any]]:
    started = time.monotonic()
    # CPython bounds the whole handshake by the timeout it starts with, not each read.
    connected.sock.settimeout(max(0.01, deadline - started))
    try:
        secured = ssl_context(ca_file).wrap_socket(connected.sock, server_hostname=host)
    except ssl.SSLCertVerificationError as error:
        limits.cancel.check()
        reason, fix = explain_untrusted(error, host)
        seen = _certificate_anyway(connected.address, port, host, deadline, limits.cancel)
        raise Untrusted(shown(f"certificate not trusted: {reason}. {fix}", 1000), seen) from None
    except TimeoutError:
        limits.cancel.check()
        raise ProbeFailed(
            f"no secure connection to {host}: the TLS handshake did not finish within "
            f"{milliseconds(limits.timeout_s)}"
        ) from None
    return secured, time.monotonic() - started, _described(secured.getpeercert() or {})


def _exchange(
    bounded: _Bounded,
    host: str,
    port: int,
    parts: Any,
    *,
    connected: Connected,
    tls_s: float,
    certificate: dict[str, Any],
    read_body: bool,
    timeout_s: float,
) -> Fetched:
    conn = http.client.HTTPConnection(host, port)
    conn.sock = bounded
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    sent = time.monotonic()
    try:
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Connection": "close"})
        response = conn.getresponse()
        bounded.cancel.check()  # an answer cut short by Cancel is no answer
        fetched = Fetched(
            response.status,
            shown(header_text(response.reason)),
            shown(header_text(response.getheader("Location") or "")),
            connected.connect_s,
            tls_s,
            time.monotonic() - sent,
            certificate=certificate,
        )
        if read_body:
            body_started = time.monotonic()
            while chunk := response.read(65536):
                fetched.body_bytes += len(chunk)
            fetched.body_s = time.monotonic() - body_started
    except TimeoutError:
        if not bounded.received:
            raise
        raise TooSlow(
            f"{host}:{port} began to answer but did not finish within "
            f"{milliseconds(timeout_s)} ({bounded.received} bytes came)"
        ) from None
    return fetched


def _certificate_anyway(
    address: str, port: int, host: str, deadline: float, cancel: Cancel
) -> dict[str, Any]:
    """The certificate a server shows, read without trusting it (to name its issuer).

    In what is left of the check's time ({} when none is): a second connection.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # read only: nothing is sent over it
    left = deadline - time.monotonic()
    if left <= 0:
        return {}
    try:
        with socket.create_connection((address, port), timeout=left) as raw:
            cancel.watch(raw)
            try:
                raw.settimeout(max(0.01, deadline - time.monotonic()))
                with context.wrap_socket(raw, server_hostname=host) as secured:
                    der = secured.getpeercert(binary_form=True)
            finally:
                cancel.forget(raw)
    except OSError:
        cancel.check()
        return {}
    return _decoded(der) if der else {}


def _decoded(der: bytes) -> dict[str, Any]:
    try:
        from cryptography import x509  # noqa: PLC0415 - optional: names an untrusted issuer
    except ImportError:
        return {}
    cert = x509.load_der_x509_certificate(der)
    return {
        "subject": shown(cert.subject.rfc4514_string()),
        "issuer": shown(cert.issuer.rfc4514_string()),
        "expires": cert.not_valid_after_utc.isoformat(),
    }


_SHORT_NAMES = {
    "commonName": "CN",
    "organizationName": "O",
    "organizationalUnitName": "OU",
    "countryName": "C",
    "localityName": "L",
    "stateOrProvinceName": "ST",
}


def _name(entries: Any) -> str:
    """A certificate name as OpenSSL and browsers write it: 'CN=intranet,O=ACME'."""
    return ",".join(
        f"{_SHORT_NAMES.get(key, key)}={value}" for rdn in entries for key, value in rdn
    )


def _described(peer: dict[str, Any]) -> dict[str, Any]:
    if not peer:
        return {}
    expires = datetime.fromtimestamp(ssl.cert_time_to_seconds(peer["notAfter"]), UTC)
    return {
        "subject": shown(_name(peer.get("subject", ()))),
        "issuer": shown(_name(peer.get("issuer", ()))),
        "expires": expires.isoformat(),
        "trusted": True,
    }


def probe(target: Target, limits: Limits, *, ca_file: Path | None = None) -> ProbeResult:
    try:
        fetched = fetch(target.url, limits, ca_file=ca_file)
    except Untrusted as error:
        data = {"certificate": {**error.certificate, "trusted": False}}
        issuer = error.certificate.get("issuer")
        detail = f"{error} (issued by {issuer})" if issuer else str(error)
        return ProbeResult("http", target.text, FAIL, "untrusted", detail, target.label, data)
    except TooSlow as error:
        return ProbeResult("http", target.text, FAIL, "too slow", str(error), target.label)
    except ProbeFailed as error:
        status = NO_RIGHTS if error.no_rights else FAIL
        return ProbeResult("http", target.text, status, "no answer", str(error), target.label)
    return _judged(target, fetched)


def _judged(target: Target, fetched: Fetched) -> ProbeResult:
    data: dict[str, Any] = {
        "status": fetched.status,
        "connect_ms": round(fetched.connect_s * 1000, 2),
        "tls_ms": round(fetched.tls_s * 1000, 2),
        "first_byte_ms": round(fetched.first_byte_s * 1000, 2),
        "certificate": fetched.certificate,
    }
    figure = f"{fetched.status}, {milliseconds(fetched.first_byte_s)} to first byte"
    notes = [f"HTTP {fetched.status} {fetched.reason}"]
    if fetched.location:
        notes.append(f"redirects to {fetched.location}")
    status = PASS if fetched.status < 400 else WARN if fetched.status < 500 else FAIL
    cert = fetched.certificate
    if cert:
        days = (datetime.fromisoformat(cert["expires"]) - datetime.now(UTC)).days
        notes.append(
            f"certificate {cert['subject']}, by {cert['issuer']}, trusted, expires in {days} days"
        )
        if days < EXPIRY_WARNING_DAYS and status == PASS:
            status = WARN
    return ProbeResult("http", target.text, status, figure, "; ".join(notes), target.label, data)
