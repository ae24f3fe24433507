"""Unprivileged ping as the OS decides: in network namespaces made for the test.

Linux lets a user send ICMP echo without rights only when its group is in
``net.ipv4.ping_group_range``, a setting of each network namespace.  Each test
runs the real probe (icmplib, ``privileged=False``) in a fresh namespace with
only its own loopback, once allowed and once not, whatever this machine's own
setting is.
"""

from __future__ import annotations

import json

import pytest

from sync.netcheck import icmp
from sync.netcheck.result import NO_RIGHTS, PASS
from tests.network_namespace import PYTHON, in_network_namespace

PROBE = (
    "import json; from sync.netcheck import icmp; from sync.netcheck.result import Limits;"
    "from sync.netcheck.targets import parse_target;"
    "print(json.dumps(icmp.probe(parse_target('ping:127.0.0.1'), Limits(1.0)).as_json()))"
)


def in_namespace(ping_groups: str) -> dict[str, object]:
    script = (
        "ip link set lo up && "
        f"echo '{ping_groups}' > /proc/sys/net/ipv4/ping_group_range && "
        f'exec "{PYTHON}" -c "{PROBE}"'
    )
    done = in_network_namespace(script)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_where_the_os_allows_it_ping_measures_loss_and_round_trips() -> None:
    result = in_namespace("0 2147483647")
    assert result["status"] == PASS
    assert str(result["figure"]).startswith("0 % loss, ")
    assert result["data"]["received"] == icmp.ECHOES  # type: ignore[index]


def test_where_the_os_refuses_it_the_result_says_how_to_allow_it() -> None:
    result = in_namespace("1 0")
    assert result["status"] == NO_RIGHTS
    assert result["figure"] == "not allowed"
    assert "net.ipv4.ping_group_range is '1 0'" in str(result["detail"])
    assert "sysctl net.ipv4.ping_group_range='0 2147483647'" in str(result["detail"])


@pytest.mark.parametrize(
    ("output", "code", "seconds"),
    [
        ("Reply from 10.0.0.1: bytes=32 time=12ms TTL=64", 0, 0.012),
        ("Antwort von 10.0.0.1: Bytes=32 Zeit<1ms TTL=128", 0, 0.001),
        ("Réponse de 10.0.0.1 : octets=32 temps=7 ms TTL=64", 0, 0.007),
        ("Request timed out.", 1, None),
    ],
)
def test_windows_ping_is_read_in_any_language(
    output: str, code: int, seconds: float | None
) -> None:
    assert icmp.windows_round_trip(output, code) == seconds
