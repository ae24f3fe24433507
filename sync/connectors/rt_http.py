"""HTTP to RT's REST2 API: authentication, timeouts and error sorting.

Knows how RT answers (see docs/architecture.md and rt-notes), nothing about
tickets.  Every failure comes out as one of ``sync.errors``.
"""

from __future__ import annotations

import base64
import json
import logging
import random
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError, NewConnectionError

from sync import __version__
from sync.connectors import redirects, tls
from sync.connectors.addresses import insecure_address_problem, is_loopback
from sync.connectors.base import LONGEST_WAIT_IN_RUN_S
from sync.connectors.reading import Sink, copy_body, read_body
from sync.connectors.rt_auth import (
    Credentials,
    csrf_refusal,
    refused_credentials,
    secure_cookie_over_http,
)
from sync.connectors.rt_replies import Json, Reply, is_csrf_refusal, judge
from sync.errors import (
    AuthError,
    BadReplyError,
    ConflictError,
    ConnectionDropped,
    DownloadTooLarge,
    InsecureAddress,
    NotAnswering,
    OfflineError,
    RejectedError,
    RetryableError,
    TooSlow,
    UntrustedConnection,
    WaitRequested,
)
from sync.report import Cancelled
from sync.words import plural

log = logging.getLogger(__name__)

# Not browser-like: RT answers a browser (or any Cookie header) with a 302 to
# its login page instead of a 401.
USER_AGENT = f"FieldDesk/{__version__} (+https://github.com/fielddesk)"
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, and each socket read (seconds)
REQUEST_DEADLINE_S = 60.0  # a whole reply, however it trickles
SLOWEST_DOWNLOAD_BPS = 20_000  # a download's deadline grows with its size at this rate
READ_TRIES = 4  # a read on a flaky link: tried again with backoff and jitter
# Query parameters: a mapping, or pairs when a name repeats (orderby=...&orderby=...).
Params = Mapping[str, Any] | Sequence[tuple[str, Any]]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# What the technician needs to hear when a change went out and its answer did not
# come back (the outbox looks it up before any resend: sync/changes).
CHANGE_IN_DOUBT = "nothing is lost: the change is checked before any resend, never sent twice"


__all__ = ["DEFAULT_TIMEOUT", "READ_TRIES", "Credentials", "RTHttp", "Reply", "read_body"]


class RTHttp:
    """A REST2 session: base URL, credentials and one pooled HTTP session.

    Reads may run on several threads at once (a listing fetching pages ahead):
    the request count and signing in are guarded; changes stay on one thread.
    """

    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        ca_file: Path | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api = f"{self.base_url}/REST/2.0"
        self.credentials = credentials
        self.timeout = timeout
        # The laptop's clock less the helpdesk's (its Date) at the last answer; None: none yet.
        self.clock_skew: timedelta | None = None
        # HTTPS trusts the OS certificate store (and IT's ca_file), see tls.
        self.session = session or tls.https_session(ca_file)
        # Redirects are never followed; one that leaves base_url is refused here,
        # so only RT's own (an expired session) reach the handling below.
        self.session.hooks["response"].append(redirects.refuse_leaving(self.base_url))
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        self.request_count = 0
        self._lock = threading.Lock()  # the request count
        self._lock_for_sign_in = threading.Lock()  # one sign-in at a time
        self._sign_ins = 0  # sessions started: a thread whose session expired signs in once
        if credentials.token is not None:
            self.session.headers["Authorization"] = f"token {credentials.token}"
        self._logged_in = False
        # A password sign-in proves itself on changes with RT's session cookie and
        # an Origin header; when RT knows itself by another name than the one we
        # use, it refuses that as a possible forgery and changes carry the password
        # too (HTTP Basic: a bcrypt check on the server for each change).
        self.origin = _origin(self.base_url)
        self.writes_need_password = False
        self._insecure = insecure_address_problem(self.base_url)
        address = urlsplit(self.base_url)
        self._plain_http = address.scheme == "http"
        # RT's Secure session cookie goes back over plain http only to this laptop (loopback).
        self._keeps_secure_cookie = self._plain_http and is_loopback(address.hostname or "")
        if self._keeps_secure_cookie:
            self.session.auth = SecureCookieToThisLaptop(self.session, self.base_url)
        # Set by the engine for a run (set_run_limits): nothing outlives its budget.
        self.run_deadline: float | None = None
        self._run_started: float | None = None
        self.cancel = threading.Event()

    @property
    def user(self) -> str:
        return self.credentials.user

    def close(self) -> None:
        self.session.close()

    # -- verbs -------------------------------------------------------------
    def get(self, path: str, params: Params | None = None) -> Reply:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Json) -> Reply:
        return self.request("POST", path, body=body)

    def put(self, path: str, body: Json, *, if_match: str | None = None) -> Reply:
        headers = {"If-Match": if_match} if if_match is not None else None
        return self.request("PUT", path, body=body, headers=headers)

    def download(self, path: str, sink: Sink, *, max_bytes: int) -> int:
        """GET a reply straight into ``sink`` as it arrives; returns the bytes received.

        Refused (DownloadTooLarge, nothing kept) as soon as it passes
        ``max_bytes``, whatever the server declared; a cut or too slow connection
        is a RetryableError and the caller starts again from scratch.
        """
        deadline = self._deadline(REQUEST_DEADLINE_S + max_bytes / SLOWEST_DOWNLOAD_BPS)
        response = self._authenticated("GET", path, None, None, None, stream=True)
        if not 200 <= response.status_code < 300:
            read_body(response, deadline)
            self._judge("GET", path, response)  # raises
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            response.close()
            raise _too_large(int(declared), max_bytes)
        return copy_body(response, deadline, sink, max_bytes=max_bytes)

    def set_run_limits(self, deadline: float | None, cancel: threading.Event) -> None:
        """Bound everything until ``deadline`` (time.monotonic()); waits end on ``cancel``."""
        self.run_deadline = deadline
        self._run_started = time.monotonic()
        self.cancel = cancel

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        body: Json = None,
        headers: Mapping[str, str] | None = None,
    ) -> Reply:
        if method not in SAFE_METHODS:
            try:
                return self._judge(
                    method, path, self._authenticated(method, path, params, body, headers)
                )
            except RejectedError as error:
                if error.status == 413:  # a proxy's limit on a request's size (nginx)
                    raise _files_too_large(body) from None
                raise
        # A read changes nothing: on a flaky link it is tried again within the run.
        for attempt in range(READ_TRIES):
            try:
                return self._judge(
                    method, path, self._authenticated(method, path, params, body, headers)
                )
            except (OfflineError, AuthError, RejectedError, ConflictError):
                raise
            except RetryableError as error:
                if isinstance(error, TooSlow) and self._unreachable():
                    # A link that went dead under the laptop (suspend, lost Wi-Fi) takes
                    # connections and never answers: offline now, not after every try.
                    raise OfflineError(
                        f"the helpdesk at {self.base_url} does not answer: the network may be down"
                    ) from error
                if attempt == READ_TRIES - 1:
                    if isinstance(error, ConnectionDropped) and self._unreachable():
                        # As unreachable as a refused connection, and said as soon: the run
                        # stops, nothing retries the whole change again.
                        raise OfflineError(
                            f"the helpdesk at {self.base_url} keeps dropping the connection"
                        ) from error
                    raise  # one request's trouble (its page breaks RT): the others go on
                self._pause_before_retry(attempt, error)
        raise AssertionError("unreachable")  # pragma: no cover

    def _unreachable(self) -> bool:
        """After a read broke or got no reply in time: does RT's smallest page get no
        answer either (dropped, refused, or none within a read's whole wait: one RT
        worker may still be busy with the slow read)?"""
        self._count_request()
        try:
            self.session.get(f"{self.api}/rt", timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.SSLError:
            return False  # an answer of sorts: said by the request that follows
        except (requests.Timeout, requests.ConnectionError):
            return True
        except requests.RequestException:
            return False
        return False  # any answer, even 401: it is there, that one request was not

    def rest2_answers(self) -> bool | None:
        """Whether RT's REST2 API answers at this address: its ``/REST/2.0/rt`` answers
        401 with RT's JSON to a request without credentials (200 with RT's version to
        one with a session).  One request, sending no token or password; None when it
        cannot be told (no answer at all)."""
        self._count_request()
        try:
            reply = self.session.get(
                f"{self.api}/rt",
                headers={"Authorization": None},  # asked as a stranger: no token sent
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.RequestException:
            return None
        with reply:
            if "json" not in reply.headers.get("Content-Type", "").lower():
                return False
            try:
                body = reply.json()
            except ValueError:
                return False
        if reply.status_code == 401:
            return isinstance(body, dict) and "message" in body
        return reply.status_code == 200 and isinstance(body, dict) and "Version" in body

    def _pause_before_retry(self, attempt: int, error: RetryableError) -> None:
        delay = retry_delay(attempt, error.retry_after)
        if error.retry_after is not None and error.retry_after > LONGEST_WAIT_IN_RUN_S:
            raise WaitRequested(retry_after=error.retry_after)
        if self.run_deadline is not None and time.monotonic() + delay > self.run_deadline:
            raise self._not_answering(error)
        log.info("read failed (%s); trying again in %.1f s", type(error).__name__, delay)
        if self.cancel.wait(delay):
            raise Cancelled

    def _deadline(self, seconds: float) -> float:
        own = time.monotonic() + seconds
        return own if self.run_deadline is None else min(own, self.run_deadline)

    def _not_answering(self, last: Exception | None = None) -> NotAnswering:
        because = f" (last: {last})" if last is not None else ""
        return NotAnswering(
            f"the helpdesk is not answering fast enough: the sync stopped after its "
            f"{self.run_budget_s():.0f} s and "
            f"{plural(self.request_count, 'request', 'requests')}{because}; "
            "what came down is kept and the next sync goes on from there"
        )

    def run_budget_s(self) -> float:
        if self.run_deadline is None or self._run_started is None:
            return 0.0
        return self.run_deadline - self._run_started

    def _authenticated(
        self,
        method: str,
        path: str,
        params: Params | None,
        body: Json,
        headers: Mapping[str, str] | None,
        *,
        stream: bool = False,
    ) -> requests.Response:
        """Send, signing in first or again as needed; the reply is not judged yet."""
        if self._insecure is not None:
            raise InsecureAddress(self._insecure)
        if self.credentials.password is not None and not self._logged_in:
            self._sign_in_once(self._sign_ins)
        write = method not in SAFE_METHODS
        session_of_send = self._sign_ins

        def send() -> requests.Response:
            all_headers = self._write_headers(write, headers)
            return self._send(method, path, params, body, all_headers, stream=stream)

        response = send()
        if self._session_expired(response):
            # RT refused before doing anything (no session): safe to send again.
            response.close()
            self._sign_in_once(session_of_send)
            response = send()
        if write and is_csrf_refusal(response) and self._may_add_password():
            # Refused by the forgery check, before any effect: send it again with the password.
            log.info("RT refused the Origin %s; changes now carry the password", self.origin)
            self.writes_need_password = True
            response = send()
        return response

    def _write_headers(
        self, write: bool, headers: Mapping[str, str] | None
    ) -> Mapping[str, str] | None:
        """What a password sign-in's change needs to pass RT's forgery protection."""
        password = self.credentials.password
        if not write or password is None:
            return headers
        extra = {"Origin": self.origin}
        if self.writes_need_password:
            pair = f"{self.credentials.user}:{password}".encode()
            extra["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return {**(headers or {}), **extra}

    def _may_add_password(self) -> bool:
        return self.credentials.password is not None and not self.writes_need_password

    # -- internals -----------------------------------------------------------
    def _send(
        self,
        method: str,
        path: str,
        params: Params | None,
        body: Json,
        headers: Mapping[str, str] | None,
        *,
        stream: bool = False,
    ) -> requests.Response:
        """One request; its body is read here within REQUEST_DEADLINE_S, unless ``stream``."""
        deadline = self._deadline(REQUEST_DEADLINE_S)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._not_answering()
        timeout = (self.timeout[0], max(0.5, min(self.timeout[1], remaining)))
        url = path if path.startswith("http") else f"{self.api}/{path.lstrip('/')}"
        data = None
        all_headers = dict(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json; charset=utf-8"
        self._count_request()
        write = method not in SAFE_METHODS
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=data,
                headers=all_headers,
                timeout=timeout,
                allow_redirects=False,
                stream=True,  # the body is read below, within the deadline
            )
        except requests.RequestException as error:
            raise _no_reply(error, self.base_url, write=write) from None
        self._note_clock(response.headers.get("Date"))
        if not stream:
            try:
                read_body(response, deadline)
            except RetryableError as error:
                if self.run_deadline is not None and time.monotonic() >= self.run_deadline:
                    raise self._not_answering(error) from None
                if write:
                    raise TooSlow(f"{error}; {CHANGE_IN_DOUBT}", ambiguous=True) from None
                raise TooSlow(str(error)) from None
        return response

    def _note_clock(self, date: str | None) -> None:
        """How far the laptop's clock is from the helpdesk's, as of this answer."""
        try:
            helpdesk = parsedate_to_datetime(date or "")
        except (TypeError, ValueError):
            return
        if helpdesk.tzinfo is not None:
            self.clock_skew = datetime.now(UTC) - helpdesk

    def _judge(self, method: str, path: str, response: requests.Response) -> Reply:
        return judge(
            method,
            path,
            response,
            credentials_refused=lambda: refused_credentials(self.credentials),
            csrf_refused=lambda: csrf_refusal(self.base_url),
        )

    def _session_expired(self, response: requests.Response) -> bool:
        # An expired or unknown session cookie is answered with a redirect to
        # RT's start page (``302 /``), never a 401: we send a cookie.
        if self.credentials.password is None:
            return False
        return response.status_code in (401, 302)

    def _count_request(self) -> None:
        with self._lock:
            self.request_count += 1

    def _sign_in_once(self, session_seen: int) -> None:
        """Sign in, unless another thread did since ``session_seen`` was the session."""
        with self._lock_for_sign_in:
            if self._sign_ins == session_seen:
                self._login()
                self._sign_ins += 1

    def _login(self) -> None:
        self.session.cookies.clear()
        self._count_request()
        try:
            response = self.session.post(
                f"{self.base_url}/NoAuth/Login.html",
                data={"user": self.credentials.user, "pass": self.credentials.password},
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as error:
            raise tls.failure(error, self.base_url) from None
        except requests.RequestException as error:
            raise _sign_in_failed(error, self.base_url) from None
        self._refuse_secure_cookie_over_http(response)
        # RT answers 200 with its login page whether or not the password was
        # right; only a REST2 call with the new session cookie tells.
        self._count_request()
        try:
            probe = self.session.get(f"{self.api}/rt", timeout=self.timeout, allow_redirects=False)
        except requests.exceptions.SSLError as error:
            raise tls.failure(error, self.base_url) from None
        except requests.RequestException as error:
            raise _sign_in_failed(error, self.base_url) from None
        if probe.status_code == 404 or response.status_code in (404, 405, 501):
            # No login page or no REST2 API here: a wrong address, not a wrong password.
            raise BadReplyError(f"{self.base_url} does not answer like Request Tracker 5")
        if response.status_code >= 500 or probe.status_code >= 500:
            raise RetryableError(f"the helpdesk is failing (HTTP {probe.status_code})")
        if probe.status_code != 200:
            raise refused_credentials(self.credentials)
        self._logged_in = True

    def _refuse_secure_cookie_over_http(self, answer: requests.Response) -> None:
        """A session cookie RT marked Secure is never sent back over plain http://, but to
        this laptop: elsewhere no password can sign in, and saying it was wrong would mislead."""
        over_the_network = self._plain_http and not self._keeps_secure_cookie
        if over_the_network and any(cookie.secure for cookie in answer.cookies):
            raise secure_cookie_over_http(self.base_url)


class SecureCookieToThisLaptop(requests.auth.AuthBase):
    """Sends RT's Secure session cookie to a helpdesk on this laptop over plain http://.

    RT marks its session cookie Secure ($WebSecureCookies: off in 5.0.3, on in 5.0.7);
    requests keeps such a cookie but sends it over https:// only, so RT never saw the
    session and a right password looked refused.  Browsers send it to loopback, where
    nothing leaves the laptop; so does this, to the helpdesk's own address only (its
    scheme, host, port and path).  A requests "auth": it sees each request once its
    cookies are set.
    """

    def __init__(self, session: requests.Session, base_url: str) -> None:
        self.session = session
        self.base_url = base_url

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if request.url is None or redirects.leaves(self.base_url, request.url):
            return request
        secure = [
            f"{cookie.name}={cookie.value}" for cookie in self.session.cookies if cookie.secure
        ]
        if secure:
            sent = request.headers.get("Cookie")
            request.headers["Cookie"] = "; ".join([sent, *secure] if sent else secure)
        return request


def _files_too_large(body: Json) -> RejectedError:
    """HTTP 413: the request was too big for the helpdesk (its proxy's limit).  What
    makes a change that big is its files, sent together in one request."""
    files = body.get("Attachments") if isinstance(body, dict) else None
    sent = [str(f.get("FileContent", "")) for f in files or [] if isinstance(f, dict)]
    if not sent:
        return RejectedError(
            "the change is too large for the helpdesk (HTTP 413): shorten it and retry",
            status=413,
        )
    size = sum(len(content) for content in sent) * 3 // 4  # base64: 4 characters for 3 bytes
    return RejectedError(
        f"the files are too large together for the helpdesk ({size / 1_048_576:.0f} MB): "
        "send them in smaller notes",
        status=413,
    )


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with full jitter (0.5 s, 1 s, 2 s... at most); Retry-After wins."""
    if retry_after is not None:
        return retry_after
    return random.uniform(0, min(30.0, 0.5 * 2**attempt))


def _too_large(size: int, limit: int) -> DownloadTooLarge:
    return DownloadTooLarge(
        f"the helpdesk sent more than the {limit / 1_048_576:.1f} MB expected "
        f"({size / 1_048_576:.1f} MB so far); the download was stopped"
    )


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _no_reply(
    error: requests.RequestException, base_url: str, *, write: bool
) -> UntrustedConnection | RetryableError:
    """What a request that brought no reply means, in the technician's words."""
    if isinstance(error, requests.exceptions.SSLError):  # a ConnectionError, but not "offline"
        return tls.failure(error, base_url)
    if isinstance(error, requests.ConnectTimeout):  # no connection: nothing was sent
        return OfflineError(f"the helpdesk at {base_url} did not answer", definite=True)
    if isinstance(error, requests.ConnectionError):
        cause = _connection_cause(error)
        if isinstance(cause, NameResolutionError):  # nothing was sent: no network, or no VPN
            return OfflineError(
                f"cannot find the helpdesk's address ({urlsplit(base_url).hostname}): the name"
                " lookup failed (no network here, or the VPN is not connected?)",
                definite=True,
            )
        if isinstance(cause, NewConnectionError):  # nothing was sent: clearly offline
            return OfflineError(f"cannot reach the helpdesk at {base_url}", definite=True)
        if write:
            # Cut after sending a change: it may have been done; the run stops and
            # the outbox looks it up first next time.
            return OfflineError(
                "the connection to the helpdesk broke after the change was sent, before its "
                f"answer came; {CHANGE_IN_DOUBT}",
                ambiguous=True,
            )
        # A read cut off on a flaky link is simply tried again.
        return ConnectionDropped("the connection to the helpdesk broke before its reply arrived")
    if isinstance(error, requests.Timeout):
        if write:
            return RetryableError(
                f"the helpdesk took too long to answer the change; {CHANGE_IN_DOUBT}",
                ambiguous=True,
            )
        return TooSlow("the helpdesk took too long to answer")
    return RetryableError(f"network error: {error}", ambiguous=write)


def _sign_in_failed(
    error: requests.RequestException, base_url: str
) -> UntrustedConnection | RetryableError:
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        # It answered, and the answer broke off (requests read it): not "cannot reach".
        return RetryableError("the helpdesk's answer to signing in was cut off")
    # As for any read: a name not found, a refused connection, TLS -- and a sign-in cut
    # off or too slow is not tried again here: the helpdesk cannot be reached, as before.
    reason = _no_reply(error, base_url, write=False)
    if isinstance(reason, OfflineError | UntrustedConnection):
        return reason
    return OfflineError(f"the helpdesk at {base_url} did not answer the sign-in: {reason}")


def _connection_cause(error: requests.ConnectionError) -> BaseException | None:
    """Why urllib3 gave up: a connection never made (refused, a name not found: nothing
    was sent) or one broken on the way.  requests wraps it in a MaxRetryError."""
    inner = error.args[0] if error.args else None
    if isinstance(inner, MaxRetryError):
        return inner.reason
    return inner if isinstance(inner, BaseException) else None
