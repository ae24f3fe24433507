"""The failures sync can meet, sorted by what the engine and the user do about them.

Every error carries a message fit to show a technician as is.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of every expected sync failure."""


class RetryableError(SyncError):
    """Try again later: network down, timeout, server busy or failing (5xx).

    ``ambiguous`` is true when the request may have taken effect on the server
    (the reply was lost): the engine must look for the effect before resending.
    """

    def __init__(self, message: str, *, ambiguous: bool = False, retry_after: float | None = None):
        super().__init__(message)
        self.ambiguous = ambiguous
        self.retry_after = retry_after


class OfflineError(RetryableError):
    """The helpdesk cannot be reached at all."""


class AuthError(SyncError):
    """The helpdesk refused our credentials: the user must sign in again."""


class RejectedError(SyncError):
    """The helpdesk refused this change (validation, permission, missing object).

    Retrying will not help; the user can edit, retry or discard it.
    """

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.status = status


class NotFoundError(RejectedError):
    """The object is gone or no longer visible to this user (403/404)."""


class BadReplyError(RetryableError):
    """The helpdesk answered something we cannot read (not JSON, wrong shape)."""


class ConflictError(SyncError):
    """The server's version moved on since our base (HTTP 412)."""


class AdminKitMissing(SyncError):
    """The helpdesk lacks the custom fields, queue or class FieldDesk needs."""


class SecretStoreUnavailable(RuntimeError):
    """No usable OS keyring on this machine."""
