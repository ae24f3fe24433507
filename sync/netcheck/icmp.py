"""ICMP echo (ping) without admin rights: loss and round-trip min/avg/max.

Linux and macOS allow it through ICMP datagram sockets (icmplib,
``privileged=False``) where the OS permits: on Linux only for the groups in
``net.ipv4.ping_group_range``.  Windows has no such sockets, so there the
system's ``ping`` sends each echo.  Where neither is allowed the result says
so (NO_RIGHTS) and how to allow it, instead of failing obscurely.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import icmplib

from sync.netcheck.connect import ProbeFailed
from sync.netcheck.result import FAIL, NO_RIGHTS, PASS, WARN, Limits, ProbeResult
from sync.netcheck.targets import Target
from sync.words import plural

ECHOES = 4
INTERVAL_S = 0.2
LONGEST_ECHO_S = 2.0  # a reply later than this is lost, however long the check's limit
SHORTEST_ECHO_S = 0.2  # an echo given less than this is not sent
PING_GROUP_RANGE = Path("/proc/sys/net/ipv4/ping_group_range")

# One echo: the round trip in seconds, None when lost; ProbeFailed when it cannot be sent.
Echo = Callable[[str, float], float | None]


def not_allowed_text() -> str:
    if sys.platform.startswith("linux"):
        try:
            allowed = " ".join(PING_GROUP_RANGE.read_text().split())
        except OSError:
            allowed = "unknown"
        return (
            "this laptop does not allow ping without admin rights "
            f"(net.ipv4.ping_group_range is '{allowed}'); IT can allow it with "
            "sysctl net.ipv4.ping_group_range='0 2147483647'. TCP checks still work"
        )
    return "this laptop does not allow ping without admin rights. TCP checks still work"


def icmplib_echo() -> Echo:
    def echo(address: str, timeout_s: float) -> float | None:
        try:
            host = icmplib.ping(address, count=1, timeout=timeout_s, privileged=False)
        except icmplib.SocketPermissionError:
            raise ProbeFailed(not_allowed_text(), no_rights=True) from None
        except icmplib.NameLookupError:
            raise ProbeFailed(f"the name {address} does not resolve") from None
        except icmplib.ICMPLibError as error:
            raise ProbeFailed(f"ping cannot be sent to {address}: {error}") from None
        return host.avg_rtt / 1000 if host.is_alive else None

    return echo


_WINDOWS_TIME = re.compile(r"[=<]\s*(\d+)\s*ms", re.IGNORECASE)


def windows_round_trip(output: str, returncode: int) -> float | None:
    """The round trip in Windows ping's output, in any language ("time=12ms", "Zeit<1ms")."""
    found = _WINDOWS_TIME.search(output)
    return int(found.group(1)) / 1000 if returncode == 0 and found else None


def windows_ping_echo(address: str, timeout_s: float) -> float | None:  # pragma: no cover
    """One echo with Windows' ping (its times are whole milliseconds)."""
    run = subprocess.run(
        ["ping", "-n", "1", "-w", str(int(timeout_s * 1000)), address],
        capture_output=True,
        text=True,
        timeout=timeout_s + 5,
        check=False,
    )
    return windows_round_trip(run.stdout, run.returncode)


def default_echo() -> Echo:
    return windows_ping_echo if sys.platform == "win32" else icmplib_echo()


def probe(target: Target, limits: Limits, *, echo: Echo | None = None) -> ProbeResult:
    send = echo or default_echo()
    rtts: list[float] = []
    lost = 0
    # The check's limit is for all of it, echoes and the gaps between them: a host
    # that never answers gets fewer echoes, not a run held past its timeout.
    deadline = time.monotonic() + limits.timeout_s
    try:
        for number in range(ECHOES):
            limits.cancel.check()
            if number:
                if deadline - time.monotonic() < INTERVAL_S + SHORTEST_ECHO_S:
                    break
                limits.cancel.wait(INTERVAL_S)
            left = deadline - time.monotonic()
            rtt = send(target.host, max(SHORTEST_ECHO_S, min(left, LONGEST_ECHO_S)))
            limits.cancel.check()
            if rtt is None:
                lost += 1
            else:
                rtts.append(rtt)
    except ProbeFailed as error:
        status = NO_RIGHTS if error.no_rights else FAIL
        figure = "not allowed" if error.no_rights else "not sent"
        return ProbeResult("icmp", target.text, status, figure, str(error), target.label)
    return _judged(target, rtts, lost)


def _judged(target: Target, rtts: list[float], lost: int) -> ProbeResult:
    sent = len(rtts) + lost
    loss = round(100 * lost / sent)
    data: dict[str, object] = {"sent": sent, "received": len(rtts), "loss_percent": loss}
    if not rtts:
        return ProbeResult(
            "icmp",
            target.text,
            FAIL,
            "100 % loss",
            f"no answer to {plural(sent, 'ping', 'pings')} (host off, or ping blocked)",
            target.label,
            data,
        )
    low, mean, high = (min(rtts) * 1000, sum(rtts) / len(rtts) * 1000, max(rtts) * 1000)
    data.update(min_ms=round(low, 3), avg_ms=round(mean, 3), max_ms=round(high, 3))
    figure = f"{loss} % loss, {low:.1f}/{mean:.1f}/{high:.1f} ms"
    detail = f"{len(rtts)} of {sent} answered; round trip min/avg/max"
    return ProbeResult(
        "icmp", target.text, WARN if lost else PASS, figure, detail, target.label, data
    )
