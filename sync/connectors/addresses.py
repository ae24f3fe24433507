"""Which helpdesk addresses FieldDesk will send credentials to.

Plain ``http://`` carries the password or token in the clear, readable by
anyone on the customer's Wi-Fi: only ``https://`` is accepted, except for a
helpdesk on this very laptop (loopback: the demo, the tests), where nothing
leaves the machine.  "This laptop" is ``localhost`` or a loopback address, never
another name: not even ``rt.localhost``, which Debian (``hosts: files dns``, no
nss-myhostname) asks of the network's DNS, so whoever answers there would get the secret.

The address to sign in with is the one RT opens with in a browser
(``https://helpdesk.example.com/rt``).  What people paste is often a page under it
(``…/rt/index.html``, ``…/rt/Ticket/Display.html?id=7``) or its API
(``…/rt/REST/2.0``): ``helpdesk_address`` takes those back to RT's own address.  An
address where no RT answers at all is ``NoHelpdeskHere``, never "no such user".
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

from sync.errors import BadReplyError

# Names that are this laptop whatever the network's DNS says (/etc/hosts holds them).
LOOPBACK_NAMES = frozenset({"localhost"})
# RT's APIs, under its address: /REST/2.0 (and the old /REST/1.0), with whatever follows.
RT_API = re.compile(r"/REST/[12]\.0(?:/.*)?$", re.IGNORECASE)
# RT's page directories (share/html), spelt as RT spells them: a path goes no deeper than
# the first of them.  A company's own prefix is not spelt like these (``/rt``, ``/helpdesk``).
RT_PAGE_DIRS = frozenset(
    {
        "Admin",
        "Approvals",
        "Articles",
        "Asset",
        "Assets",
        "Dashboards",
        "Helpers",
        "NoAuth",
        "Prefs",
        "Reports",
        "Search",
        "SelfService",
        "Ticket",
        "Tools",
        "User",
    }
)
# A page at RT's top (index.html, Search/Results.html's last part...): never part of the address.
PAGE_FILE = re.compile(r".*\.html?$", re.IGNORECASE)
EXAMPLE_ADDRESS = "https://helpdesk.example.com/rt"


class NoHelpdeskHere(BadReplyError):
    """Nothing at this address answers like RT's REST2 API: the address is wrong.

    ``example`` is an address to try instead (this host at ``/rt``, where Debian puts
    RT), or a made-up one when that is the address already.
    """

    def __init__(self, url: str, example: str) -> None:
        super().__init__(
            f"no Request Tracker REST2 API answers at {url}: use the address you open RT "
            f"with in a browser, e.g. {example}"
        )
        self.url = url
        self.example = example


def helpdesk_address(url: str) -> str:
    """The address to sign in with, from one typed or pasted: without a trailing ``/``,
    RT's API path (``/REST/2.0…``), an RT page (``/index.html``, ``/NoAuth/Login.html``,
    ``/Ticket/Display.html?id=7``), a query or a fragment.  Anything else is kept as
    written (``/RT`` is not ``/rt``: the server says whether it exists)."""
    text = url.strip()
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        return text.rstrip("/")
    path = RT_API.sub("", parts.path)
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if segment in RT_PAGE_DIRS:
            segments = segments[:index]
            break
    if segments and PAGE_FILE.fullmatch(segments[-1]):
        segments = segments[:-1]
    path = "/".join(segments).rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def no_helpdesk_here(url: str) -> NoHelpdeskHere:
    """What to tell someone whose address answers, but not with RT's REST2 API."""
    parts = urlsplit(url)
    guess = f"{parts.scheme}://{parts.netloc}/rt"
    example = guess if parts.scheme and parts.path.rstrip("/") != "/rt" else EXAMPLE_ADDRESS
    return NoHelpdeskHere(url, example)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is surely this laptop: ``localhost``, 127.0.0.0/8 or ::1."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def insecure_address_problem(url: str) -> str | None:
    """Why FieldDesk refuses this helpdesk address, or None when it is fine."""
    parts = urlsplit(url.strip())
    if "@" in parts.netloc:  # user:password@host: kept with the address, in a file, on screen
        shown = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"
        return (
            f"the address holds a user name or password before '@': use {shown} and give "
            "the user name and password or token in their own boxes (a password is kept "
            "only in the system keyring)"
        )
    if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname or "")):
        return None
    if parts.scheme == "http":
        return _plain_http_refused(url.strip(), parts)
    return f"{url!r} is not an https:// address"


def _plain_http_refused(url: str, parts: SplitResult) -> str:
    secure = "https://" + url[len("http://") :]
    host = parts.hostname or ""
    if host.rstrip(".").endswith(".localhost"):
        return (
            f"{url} is a plain http:// address, and {host} may be looked up on the "
            "network, not on this laptop: whoever answers for it there would get your "
            f"password or token, unencrypted. Use {secure}, or for a helpdesk on this "
            f"laptop {_on_this_laptop(parts)}"
        )
    return (
        f"{url} is a plain http:// address: your password or token would cross the "
        f"network unencrypted. Use {secure} (plain http is allowed only for a helpdesk "
        f"on this laptop: {_on_this_laptop(parts)})"
    )


def _on_this_laptop(parts: SplitResult) -> str:
    """The addresses a helpdesk on this laptop has, with this port and path."""
    port = parts.netloc.rpartition(":")[2]
    place = (f":{port}" if port.isdigit() else "") + parts.path.rstrip("/")
    return f"http://localhost{place} or http://127.0.0.1{place}"


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
