"""The failures sync can meet, sorted by what the engine and the user do about them.

Every error carries a message fit to show a technician as is.
"""

from __future__ import annotations

from enum import StrEnum

from sync.next_try import wait_words


class Cause(StrEnum):
    """Why the helpdesk refused: each has its own wording and its own fix."""

    INVALID = "invalid"  # a value the helpdesk does not accept: edit the change
    NO_RIGHT = "no_right"  # the account lacks an RT right: the RT administrator grants it
    REASSIGNED = "reassigned"  # the ticket is someone else's now
    DELETED = "deleted"  # the ticket is gone from the helpdesk
    OVERTAKEN = "overtaken"  # another device sent a newer version: retry sends ours anyway
    CSRF = "csrf"  # RT's forgery protection refused a password sign-in's change
    # Credentials refused (names of causes, not secrets).
    PASSWORD_REFUSED = "password_refused"  # noqa: S105 - wrong/changed, or account disabled
    TOKEN_REFUSED = "token_refused"  # noqa: S105 - revoked/expired, or account disabled
    WRONG_USER = "wrong_user"  # the user name is not the one the token belongs to, or no such user
    # The helpdesk failed (5xx) on every sending of it, and it is not there: retry later.
    HELPDESK_FAILING = "helpdesk_failing"


class SyncError(Exception):
    """Base of every expected sync failure.

    ``definite``: proven that nothing of the request can still be in progress on
    the helpdesk -- it answered it itself (a refusal, 401, 412, 429) or the
    request never left (a refused connection).  Any other failure of a change's
    sending leaves it in doubt (``sync.engine``), ``ambiguous`` ones (see
    RetryableError) and unclear ones (a broken TLS session) alike.
    """

    definite = False


class RetryableError(SyncError):
    """Try again later: network down, timeout, server busy or failing (5xx).

    ``ambiguous`` is true when the request may have taken effect on the server
    (the reply was lost): the engine must look for the effect before resending.
    """

    def __init__(
        self,
        message: str,
        *,
        ambiguous: bool = False,
        retry_after: float | None = None,
        definite: bool = False,
    ):
        super().__init__(message)
        self.ambiguous = ambiguous
        self.retry_after = retry_after
        self.definite = definite


class ServerFailed(RetryableError):
    """The helpdesk answered with a server error (5xx, ``status``): the change may be
    made, still being made, or failed there; only its lookup afterwards says which."""

    def __init__(
        self, message: str, *, status: int, ambiguous: bool = True, retry_after: float | None = None
    ) -> None:
        super().__init__(message, ambiguous=ambiguous, retry_after=retry_after)
        self.status = status


class OfflineError(RetryableError):
    """The helpdesk cannot be reached at all."""


class ConnectionDropped(RetryableError):
    """A read's connection broke before its reply came: tried again; when every try of
    it breaks, the helpdesk cannot be reached (``OfflineError``)."""


class TooSlow(RetryableError):
    """One reply took longer than a request may (a trickling or stuck helpdesk)."""


class NotAnswering(OfflineError):
    """The run's time budget is spent: it stops cleanly, keeping what came down."""


class WaitRequested(OfflineError):
    """The helpdesk asked to wait (Retry-After) longer than a run waits: try again later."""

    def __init__(self, *, retry_after: float) -> None:
        super().__init__(
            f"the helpdesk is busy or in maintenance and asked us to wait "
            f"{wait_words(retry_after)}",
            retry_after=retry_after,
        )


class AuthError(SyncError):
    """The helpdesk refused our credentials: the user must sign in again."""

    definite = True

    def __init__(self, message: str, *, cause: Cause = Cause.PASSWORD_REFUSED) -> None:
        super().__init__(message)
        self.cause = cause


class CsrfRefused(AuthError):
    """RT refused a password sign-in's change as a possible forgery.

    It knows itself by another address than the laptop uses and the password
    fallback was refused too; a token, or the admin's whitelist, fixes it.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, cause=Cause.CSRF)


class RejectedError(SyncError):
    """The helpdesk refused this change (validation, permission, missing object).

    Retrying will not help; the user can edit, retry or discard it.
    """

    definite = True

    def __init__(
        self, message: str, *, status: int | None = None, cause: Cause = Cause.INVALID
    ) -> None:
        super().__init__(message)
        self.status = status
        self.cause = cause


class PartlyApplied(SyncError):
    """The helpdesk made the change and refused a part of it: RT kept a note and refused
    a field set with it (a right the technician lacks on that ticket).  The change is
    delivered; the refused part is told to the user, never sent again with the note."""

    definite = True

    def __init__(self, made_id: int, refused: str) -> None:
        super().__init__(refused)
        self.made_id = made_id


class NotFoundError(RejectedError):
    """The object is gone or no longer visible to this user (403/404)."""


class DownloadTooLarge(SyncError):
    """A download grew past what was expected of it: stopped, nothing kept."""


class BadReplyError(RetryableError):
    """The helpdesk answered something we cannot read (not JSON, wrong shape)."""


class ConflictError(SyncError):
    """The server's version moved on since our base (HTTP 412)."""

    definite = True


class AdminKitMissing(SyncError):
    """The helpdesk lacks the custom fields, queue or class FieldDesk needs."""


class UntrustedConnection(SyncError):
    """FieldDesk will not talk to the helpdesk this way: nothing was sent.

    Not "offline" and not a wrong password: retrying changes nothing until IT
    (or the technician, with the right address) fixes the trust or the address.
    """


class InsecureAddress(UntrustedConnection):
    """A plain http:// helpdesk address other than this laptop: nothing is sent to it."""


class CertificateError(UntrustedConnection):
    """The helpdesk's HTTPS certificate is not trusted by this laptop."""


class RedirectedError(UntrustedConnection):
    """The helpdesk's address redirects elsewhere; no credential is sent there."""

    def __init__(self, message: str, *, location: str) -> None:
        super().__init__(message)
        self.location = location


class SecretStoreUnavailable(RuntimeError):
    """No usable OS keyring on this machine."""
