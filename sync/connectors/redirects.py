"""Redirects that lead away from the helpdesk's address are refused, never followed.

RTHttp sends every request with ``allow_redirects=False``: a token, session
cookie or password is never sent to whatever a redirect names.  RT itself only
redirects to its own pages (an expired session goes to its start page), which
the connector handles.  A redirect to another scheme, host, port or path means
the address is wrong or the helpdesk moved; it is reported with the address to
sign in with, or (to plain http://) as insecure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from sync.connectors.addresses import helpdesk_address
from sync.errors import RedirectedError

DEFAULT_PORTS = {"http": 80, "https": 443}

ResponseHook = Callable[..., None]


def refuse_leaving(base_url: str) -> ResponseHook:
    """A requests response hook: raises RedirectedError for a redirect away from base_url."""

    def check(response: requests.Response, *_args: Any, **_kwargs: Any) -> None:
        location = response.headers.get("Location")
        if response.is_redirect and location:
            target = urljoin(response.url, location)
            if leaves(base_url, target):
                response.close()  # hooks run before requests reads the body: free the socket
                raise moved(base_url, response.url, target)

    return check


def leaves(base_url: str, target: str) -> bool:
    """True when target is not under base_url (another scheme, host, port or path)."""
    base, to = urlsplit(base_url), urlsplit(target)
    if _origin(base_url) != _origin(target):
        return True
    prefix = base.path.rstrip("/")
    return not (to.path == prefix or to.path.startswith(prefix + "/"))


def moved(base_url: str, requested: str, target: str) -> RedirectedError:
    if urlsplit(base_url).scheme == "https" and urlsplit(target).scheme != "https":
        return RedirectedError(
            f"the helpdesk at {base_url} redirects to the insecure address {target}; "
            "FieldDesk does not send your password or token there. "
            "Ask IT for the helpdesk's https:// address",
            location=target,
        )
    return RedirectedError(
        f"the helpdesk answered with a redirect to {new_address(base_url, requested, target)}; "
        "sign in with that address",
        location=target,
    )


def new_address(base_url: str, requested: str, target: str) -> str:
    """Where the helpdesk moved: the target without the part of the path we asked for,
    nor an RT page it names (a login page is not an address to sign in with)."""
    rest = urlsplit(requested).path[len(urlsplit(base_url).path.rstrip("/")) :]
    parts = urlsplit(target)
    path = parts.path
    if rest.strip("/") and path.endswith(rest):
        path = path[: -len(rest)]
    return helpdesk_address(f"{parts.scheme}://{parts.netloc}{path}")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme)
