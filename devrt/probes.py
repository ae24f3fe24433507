"""Probes of loopback ports, of rt-server processes and of RT's readiness."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "FieldDesk-devrt/1"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (someone may take it before we bind it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def rest_answers(port: int, web_path: str = "") -> bool:
    """RT's REST2 root answers 401 to an anonymous client once it is ready."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{web_path}/REST/2.0/rt", headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - fixed http URL
            return True
    except urllib.error.HTTPError as error:
        return error.code == 401
    except (OSError, urllib.error.URLError):
        return False


def is_our_server(pid: int, root: Path) -> bool:
    """True when pid is an rt-server started with the config of the instance in root.

    Guards against pid reuse: we never signal a process that is not ours.
    """
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    marker = f"RT_SITE_CONFIG={root / 'RT_SiteConfig.pm'}".encode()
    return b"rt-server" in cmdline and marker in environ.split(b"\0")
