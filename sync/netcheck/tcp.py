"""TCP connect to host:port: a printer's 9100, a file server's 445, RDP's 3389."""

from __future__ import annotations

from sync.netcheck.connect import ProbeFailed, open_tcp
from sync.netcheck.result import FAIL, NO_RIGHTS, PASS, Limits, ProbeResult, milliseconds
from sync.netcheck.targets import Target


def probe(target: Target, limits: Limits) -> ProbeResult:
    try:
        connected = open_tcp(target.host, target.port, limits.timeout_s, limits.cancel)
    except ProbeFailed as error:
        status = NO_RIGHTS if error.no_rights else FAIL
        return ProbeResult("tcp", target.text, status, "no connection", str(error), target.label)
    connected.sock.close()
    return ProbeResult(
        "tcp",
        target.text,
        PASS,
        milliseconds(connected.connect_s),
        f"port {target.port} open at {connected.address}",
        target.label,
        {
            "address": connected.address,
            "connect_ms": round(connected.connect_s * 1000, 2),
            "lookup_ms": round(connected.lookup_s * 1000, 2),
        },
    )
