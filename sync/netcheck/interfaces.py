"""This laptop's network: interfaces and addresses, default gateway, DNS servers.

Addresses come from ifaddr (every OS).  The default gateway and DNS servers
are read from the OS's own tables, not from a command's text: the kernel's
route table and resolv.conf on Linux/macOS, the registry on Windows.  What an
OS does not tell is shown as unknown, never guessed.
"""

from __future__ import annotations

import ipaddress
import socket
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

import ifaddr

from sync.netcheck.result import FAIL, PASS, WARN, Limits, ProbeResult

ROUTE_TABLE = Path("/proc/net/route")
RESOLV_CONF = Path("/etc/resolv.conf")


@dataclass(frozen=True)
class Interface:
    name: str
    addresses: tuple[str, ...]  # "192.168.1.20/24", "fe80::1/64"

    @property
    def is_loopback(self) -> bool:
        return all(ipaddress.ip_interface(a).is_loopback for a in self.addresses)


def interfaces() -> list[Interface]:
    found = []
    for adapter in ifaddr.get_adapters():
        addresses = []
        for ip in adapter.ips:
            address = ip.ip if isinstance(ip.ip, str) else ip.ip[0]
            addresses.append(f"{address.split('%')[0]}/{ip.network_prefix}")
        if addresses:
            found.append(Interface(adapter.nice_name, tuple(addresses)))
    return found


def gateway_from_route_table(text: str) -> str | None:
    """The default route's gateway in Linux's /proc/net/route (hex, little-endian)."""
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) > 2 and fields[1] == "00000000" and fields[2] != "00000000":
            return socket.inet_ntoa(struct.pack("<I", int(fields[2], 16)))
    return None


def servers_from_resolv_conf(text: str) -> list[str]:
    servers = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            servers.append(fields[1].split("%")[0])
    return servers


def _routable(address: str) -> bool:
    """An interface address other hosts can use (not loopback, not link-local)."""
    ip = ipaddress.ip_interface(address).ip
    return not (ip.is_loopback or ip.is_link_local)


def _is_address(text: str) -> bool:
    """A real address (not empty, not 0.0.0.0, not garbage left in a registry value)."""
    try:
        return not ipaddress.ip_address(text).is_unspecified
    except ValueError:
        return False


def default_gateway() -> str | None:
    if sys.platform == "win32":
        return next(iter(_windows_tcpip_values(("DefaultGateway", "DhcpDefaultGateway"))), None)
    try:
        return gateway_from_route_table(ROUTE_TABLE.read_text())
    except OSError:
        return None  # macOS: the route table is not a file; shown as unknown


def dns_servers() -> list[str]:
    """The laptop's DNS servers, first the one asked first."""
    if sys.platform == "win32":
        return _windows_tcpip_values(("NameServer", "DhcpNameServer"))
    try:
        return servers_from_resolv_conf(RESOLV_CONF.read_text())
    except OSError:
        return []


def _windows_tcpip_values(names: tuple[str, ...]) -> list[str]:  # pragma: no cover - Windows
    """Addresses the TCP/IP service keeps per interface (static first, then DHCP's)."""
    if sys.platform != "win32":
        return []
    import winreg  # noqa: PLC0415 - exists only on Windows

    found: list[str] = []
    root = r"SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\Interfaces"
    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, root) as interfaces_key:
        for index in range(winreg.QueryInfoKey(interfaces_key)[0]):
            with winreg.OpenKey(interfaces_key, winreg.EnumKey(interfaces_key, index)) as key:
                for name in names:
                    try:
                        value = winreg.QueryValueEx(key, name)[0]
                    except OSError:
                        continue
                    items = (
                        value if isinstance(value, list) else str(value).replace(",", " ").split()
                    )
                    for item in items:
                        if _is_address(item) and item not in found:
                            found.append(item)
    return found


def probe(limits: Limits) -> ProbeResult:
    """One result for the laptop's network: pass when it has an address, gateway and DNS."""
    limits.cancel.check()
    found = interfaces()
    active = [i for i in found if not i.is_loopback]
    gateway = default_gateway()
    servers = dns_servers()
    data = {
        "interfaces": [{"name": i.name, "addresses": list(i.addresses)} for i in found],
        "gateway": gateway,
        "dns_servers": servers,
    }
    addresses = [a for i in active for a in i.addresses if _routable(a)]
    figure = ", ".join(addresses[:2]) or "no address"
    status, problem = PASS, ""
    if not addresses and any(i.addresses for i in active):
        status, problem = (
            FAIL,
            "only self-assigned addresses (169.254.x, fe80::): DHCP did not answer",
        )
    elif not addresses:
        status, problem = FAIL, "no network interface has an address: is the cable in, Wi-Fi on?"
    elif gateway is None and sys.platform != "darwin":  # macOS does not tell: not a warning
        status, problem = WARN, "no default gateway: only the local network is reachable"
    elif not servers:
        status, problem = WARN, "no DNS server known: names may not resolve"
    result = ProbeResult("interfaces", "this laptop", status, figure, data=data)
    detail = f"{problem}. {summary(result)}" if problem else summary(result)
    return ProbeResult("interfaces", "this laptop", status, figure, detail, data=data)


def summary(result: ProbeResult) -> str:
    """The laptop's network in one line, for a note's header."""
    data = result.data
    shown = []  # link-local addresses (fe80::, 169.254.x) say nothing here: JSON only
    for entry in data.get("interfaces", []):
        usable = [a for a in entry["addresses"] if _routable(a)]
        if usable:
            shown.append(f"{entry['name']} {', '.join(usable)}")
    names = "; ".join(shown) or "no address"
    return (
        f"{names}; gateway {data.get('gateway') or 'unknown'}; "
        f"DNS {', '.join(data.get('dns_servers') or []) or 'unknown'}"
    )
