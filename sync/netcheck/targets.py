"""What a technician types as a target, one per line, and what it means.

    printer.acme.local:9100   # reception printer     a TCP connect
    https://intranet.acme.local/                        an HTTP(S) GET
    ping:10.0.0.1                                       ICMP echo
    dns:fileserver.acme.local                           DNS resolution (the laptop's servers)
    dns:fileserver.acme.local@10.0.0.2                  ... asked of that server (port: @host:53)
    fileserver.acme.local                               a bare name: DNS resolution
    10.0.0.1                                            a bare address: ICMP echo

Text after ``#`` is the target's label.  A line that means nothing is refused
with a one-line reason (``TargetError``), never guessed.  Targets also come from
a site's KB article, which anyone with rights on the class may write: a target
holding characters that cannot be shown (an escape sequence, a bidirectional
override) is refused, and a label is made one inert line (``server_text.shown``).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sync.netcheck.server_text import shown

KINDS = ("dns", "tcp", "http", "icmp")
MAX_LABEL = 80  # a label is a few words ("reception printer"), shown in a table cell
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_-]{1,63})*\.?$")


class TargetError(ValueError):
    """A target line that means nothing: one line saying why."""


@dataclass(frozen=True)
class Target:
    kind: str  # one of KINDS
    host: str  # a name or an address (for http: the URL's host)
    port: int = 0  # tcp: the port; dns: the server's port
    url: str = ""  # http only
    server: str = ""  # dns only: the server asked ("" = the laptop's own)
    label: str = ""

    @property
    def text(self) -> str:
        """The target as it is written (and parsed back) without its label."""
        if self.kind == "http":
            return self.url
        if self.kind == "tcp":
            return f"{_bracketed(self.host)}:{self.port}"
        if self.kind == "icmp":
            return f"ping:{self.host}"
        where = ""
        if self.server:
            where = f"@{_bracketed(self.server)}" + (f":{self.port}" if self.port != 53 else "")
        return f"dns:{self.host}{where}"

    @property
    def line(self) -> str:
        return f"{self.text}  # {self.label}" if self.label else self.text


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _host(text: str, line: str) -> str:
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if _is_address(host) or _HOST.match(host):
        return host
    raise TargetError(f"'{line}': '{host}' is not a host name or an address")


def _port(text: str, line: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise TargetError(f"'{line}': the port must be a number from 1 to 65535")
    return int(text)


def _split_host_port(text: str, line: str) -> tuple[str, str | None]:
    """'host:port', '[v6]:port', 'v6' or 'host' → (host, port or None)."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, (rest[1:] if rest.startswith(":") else None)
    if text.count(":") == 1:
        host, port = text.split(":")
        return host, port
    return text, None  # a bare IPv6 address has several colons


def parse_target(line: str) -> Target:
    """One line → a Target, or TargetError saying why not."""
    text, _, label = line.partition("#")
    text, label = text.strip(), shown(label, MAX_LABEL)
    if not text:
        raise TargetError("an empty target")
    if not text.isprintable():
        raise TargetError(f"'{shown(text)}': holds characters that cannot be shown")
    lowered = text.lower()
    if lowered.startswith(("http://", "https://")):
        parts = urlsplit(text)
        if not parts.hostname:
            raise TargetError(f"'{text}': the address has no host")
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        except ValueError:
            raise TargetError(f"'{text}': the port must be a number from 1 to 65535") from None
        return Target("http", _host(parts.hostname, text), port, url=text, label=label)
    if lowered.startswith(("ping:", "icmp:")):
        return Target("icmp", _host(text.split(":", 1)[1], text), label=label)
    if lowered.startswith("dns:"):
        name, _, server = text[4:].partition("@")
        if not server:
            return Target("dns", _host(name, text), 53, label=label)
        server_host, server_port = _split_host_port(server, text)
        return Target(
            "dns",
            _host(name, text),
            _port(server_port, text) if server_port is not None else 53,
            server=_host(server_host, text),
            label=label,
        )
    host, given_port = _split_host_port(text, text)
    if given_port is not None:
        return Target("tcp", _host(host, text), _port(given_port, text), label=label)
    host = _host(host, text)
    if _is_address(host):
        return Target("icmp", host, label=label)
    return Target("dns", host, 53, label=label)


def parse_targets(lines: list[str] | str) -> list[Target]:
    """Every non-blank line; the first line that means nothing is refused."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    return [parse_target(line) for line in lines if line.split("#", 1)[0].strip()]
