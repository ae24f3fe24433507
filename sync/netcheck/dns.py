"""DNS resolution of a name: which server answered, how fast, with what.

The query is sent with dnslib to a named server (the target's, or the
laptop's first DNS server), so the result can say who answered; where the
laptop's servers are unknown the system resolver answers instead (then the
server cannot be named).
"""

from __future__ import annotations

import secrets
import socket
import time

from dnslib import QTYPE, RCODE, DNSError, DNSRecord

from sync.netcheck.connect import ProbeFailed, lookup
from sync.netcheck.interfaces import dns_servers
from sync.netcheck.result import FAIL, PASS, WARN, Cancel, Limits, ProbeResult, milliseconds
from sync.netcheck.server_text import shown
from sync.netcheck.targets import Target

_SLICE_S = 0.05


def probe(target: Target, limits: Limits) -> ProbeResult:
    server = target.server or next(iter(dns_servers()), "")
    if not server:
        return _system_resolver(target, limits)
    started = time.monotonic()
    try:
        answers, rcode = _ask(target.host, server, target.port or 53, limits)
    except ProbeFailed as error:
        return ProbeResult(
            "dns", target.text, FAIL, "no answer", str(error), target.label, {"server": server}
        )
    elapsed = time.monotonic() - started
    data = {
        "server": f"{server}:{target.port or 53}",
        "answers": answers,
        "rcode": rcode,
        "ms": round(elapsed * 1000, 2),
    }
    if rcode == "NXDOMAIN":
        return ProbeResult(
            "dns",
            target.text,
            FAIL,
            "no such name",
            f"{server} says {target.host} does not exist (NXDOMAIN)",
            target.label,
            data,
        )
    if rcode != "NOERROR":
        return ProbeResult(
            "dns",
            target.text,
            FAIL,
            rcode,
            f"{server} could not answer for {target.host} ({rcode})",
            target.label,
            data,
        )
    if not answers:
        return ProbeResult(
            "dns",
            target.text,
            WARN,
            milliseconds(elapsed),
            f"{server} knows {target.host} but gave no address",
            target.label,
            data,
        )
    return ProbeResult(
        "dns",
        target.text,
        PASS,
        milliseconds(elapsed),
        f"{', '.join(answers)} (answered by {server})",
        target.label,
        data,
    )


def _ask(name: str, server: str, port: int, limits: Limits) -> tuple[list[str], str]:
    """The A answers (AAAA when there is no A) and the answer's code."""
    deadline = time.monotonic() + limits.timeout_s
    answers: list[str] = []
    rcode = "NOERROR"
    for qtype in ("A", "AAAA"):
        reply = _exchange(
            DNSRecord.question(name, qtype), server, port, deadline=deadline, cancel=limits.cancel
        )
        rcode = RCODE.get(reply.header.rcode)
        answers = [shown(rr.rdata) for rr in reply.rr if QTYPE.get(rr.rtype) in ("A", "AAAA")]
        if answers or rcode != "NOERROR":
            break
    return answers, shown(rcode)


def _exchange(
    question: DNSRecord, server: str, port: int, *, deadline: float, cancel: Cancel
) -> DNSRecord:
    try:
        family, _, _, _, address = socket.getaddrinfo(server, port, type=socket.SOCK_DGRAM)[0]
    except OSError:
        raise ProbeFailed(f"the DNS server's name {server} does not resolve") from None
    question.header.id = secrets.randbelow(65536)
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(_SLICE_S)
        try:
            sock.connect(address)  # connected: a closed port's ICMP error shows on recv
            sock.send(question.pack())
        except OSError as error:
            raise ProbeFailed(f"cannot send to the DNS server {server}: {error.strerror}") from None
        while True:
            cancel.check()
            if time.monotonic() >= deadline:
                raise ProbeFailed(f"the DNS server {server}:{port} did not answer in time")
            try:
                packet = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError as error:  # ICMP port unreachable: nothing listens there
                raise ProbeFailed(
                    f"no DNS server at {server}:{port} ({error.strerror or error})"
                ) from None
            try:
                reply = DNSRecord.parse(packet)
            except DNSError:
                continue  # not a DNS answer: keep waiting for the real one
            if reply.header.id == question.header.id:
                return reply


def _system_resolver(target: Target, limits: Limits) -> ProbeResult:
    started = time.monotonic()
    try:
        infos = lookup(target.host, 0, started + limits.timeout_s, limits.cancel)
    except ProbeFailed as error:
        return ProbeResult(
            "dns",
            target.text,
            FAIL,
            "no answer",
            str(error),
            target.label,
            {"server": "system resolver"},
        )
    elapsed = time.monotonic() - started
    answers = sorted({shown(info[4][0]) for info in infos})
    return ProbeResult(
        "dns",
        target.text,
        PASS,
        milliseconds(elapsed),
        f"{', '.join(answers)} (the system's resolver)",
        target.label,
        {"server": "system resolver", "answers": answers, "ms": round(elapsed * 1000, 2)},
    )
