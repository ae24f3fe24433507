"""Which helpdesk addresses FieldDesk will send credentials to.

Plain ``http://`` carries the password or token in the clear, readable by
anyone on the customer's Wi-Fi: only ``https://`` is accepted, except for a
helpdesk on this very laptop (loopback: the demo, the tests), where nothing
leaves the machine.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOOPBACK_NAMES = frozenset({"localhost"})


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_address_problem(url: str) -> str | None:
    """Why FieldDesk refuses this helpdesk address, or None when it is fine."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname or "")):
        return None
    if parts.scheme == "http":
        secure = "https://" + url.strip()[len("http://") :]
        return (
            f"{url} is a plain http:// address: your password or token would cross the "
            f"network unencrypted. Use {secure} (plain http is allowed only for a helpdesk "
            "on this laptop)"
        )
    return f"{url!r} is not an https:// address"


def unencrypted_note(url: str, auth: str) -> str | None:
    """What to tell a user about to send a secret over plain http:// to this laptop."""
    parts = urlsplit(url.strip())
    if parts.scheme != "http" or not is_loopback(parts.hostname or ""):
        return None
    secret = "password" if auth == "password" else "token"
    return (
        f"Plain http://: your {secret} travels unencrypted, but only inside this laptop "
        f"({parts.hostname}); a helpdesk on the network needs https://"
    )
