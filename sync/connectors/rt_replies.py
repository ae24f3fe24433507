"""What RT's replies mean: JSON to read, or one of ``sync.errors``.

Knows RT's status codes and messages (see docs/architecture.md and rt-notes),
nothing about tickets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from sync.errors import (
    AuthError,
    BadReplyError,
    ConflictError,
    CsrfRefused,
    NotFoundError,
    RejectedError,
    RetryableError,
    ServerFailed,
)
from sync.log_safety import withhold

log = logging.getLogger(__name__)

Json = Any
# RT's answer when its forgery protection refuses a cookie-authenticated change.
CSRF_MESSAGE = "Cross-site request forgery protection refused this request"


@dataclass(frozen=True)
class Reply:
    status: int
    body: Json
    headers: Mapping[str, str]


def judge(
    method: str,
    path: str,
    response: requests.Response,
    *,
    credentials_refused: Callable[[], AuthError],
    csrf_refused: Callable[[], CsrfRefused],
) -> Reply:
    """The reply's JSON, or the ``sync.errors`` error its status and message mean."""
    status = response.status_code
    if 200 <= status < 300:
        return Reply(status, json_or_none(response, must=status != 204), response.headers)
    message = server_message(response)
    # RT's message may quote what was sent (a note, a name): support sees the status only.
    withhold(message, "the helpdesk's message")
    log.info("%s %s -> HTTP %s", method, path, status)
    if status in (401, 302):
        raise credentials_refused()
    if status == 403 and message == CSRF_MESSAGE:
        raise csrf_refused()
    if status == 412:
        raise ConflictError("it changed on the helpdesk since it was last read")
    if status in (403, 404):
        raise NotFoundError(message or "not found or not visible to you", status=status)
    if status == 429 or status >= 500:
        detail = f": {message}" if message else ""
        wait = retry_after(response)
        # 429, and a 503 naming when to come back, say the request was not taken on;
        # after any other 5xx a change may be done, or still being done (a gateway's
        # 504, or a proxy's 503 after its link to RT broke mid-request).
        not_taken_on = status == 429 or (status == 503 and wait is not None)
        said = f"the helpdesk is busy or failing (HTTP {status}){detail}"
        if not not_taken_on:  # a server error: kinds count those their lookup then misses
            raise ServerFailed(said, status=status, ambiguous=method != "GET", retry_after=wait)
        raise RetryableError(said, retry_after=wait, definite=True)
    raise RejectedError(
        message or f"the helpdesk refused the request (HTTP {status})", status=status
    )


def is_csrf_refusal(response: requests.Response) -> bool:
    return response.status_code == 403 and server_message(response) == CSRF_MESSAGE


def json_or_none(response: requests.Response, *, must: bool) -> Json:
    if not response.content:
        if must:
            raise BadReplyError("the helpdesk sent an empty reply")
        return None
    try:
        return response.json()
    except ValueError:
        raise BadReplyError("the helpdesk sent a reply that is not JSON") from None


def server_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return str(body["message"])
    return ""


def retry_after(response: requests.Response) -> float | None:
    """How long the helpdesk asked us to wait, in seconds (None: it did not say).

    A date is read against the same reply's ``Date`` (the helpdesk's clock, which
    wrote both), so a laptop clock that is off does not turn two minutes into two
    days or into no wait at all; the laptop's clock only when the reply has no date.
    """
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    until = _http_date(value)
    if until is None:
        return None
    sent = _http_date(response.headers.get("Date")) or datetime.now(UTC)
    return max(0.0, (until - sent).total_seconds())


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date as an aware moment (``-0000`` reads as UTC); None if unreadable."""
    try:
        moment = parsedate_to_datetime(value or "")
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
