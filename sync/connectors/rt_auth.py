"""Who a request comes from, and the words for RT refusing it.

Credentials are a token, or a password that opens an RT session (see
RTHttp for how each proves itself, and docs/architecture.md for the costs).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sync.errors import AuthError, Cause, CsrfRefused, UntrustedConnection
from sync.log_safety import withhold


@dataclass(frozen=True)
class Credentials:
    """Who we are: a token, or a password used once to open a session."""

    user: str
    token: str | None = None
    password: str | None = None

    def __post_init__(self) -> None:
        if (self.token is None) == (self.password is None):
            raise ValueError("give exactly one of token or password")
        withhold(self.token, "token")
        withhold(self.password, "password")

    def __repr__(self) -> str:  # never print a secret, even in a traceback
        kind = "token" if self.token else "password"
        return f"Credentials(user={self.user!r}, {kind}=***)"


def refused_credentials(credentials: Credentials) -> AuthError:
    # RT answers a disabled account exactly like a wrong secret (401
    # "Unauthorized"), so the message names both.
    user = credentials.user
    if credentials.token is not None:
        return AuthError(
            f"the helpdesk refused {user}'s token: it is wrong, was revoked or has "
            "expired, or the account was disabled in RT. Create a new token in RT "
            "(Logged in as → Settings → Auth Tokens) and sign in again",
            cause=Cause.TOKEN_REFUSED,
        )
    return AuthError(
        f"the helpdesk refused {user}'s password: it was changed, or the account was "
        "disabled in RT. Sign in again; if the password is right, ask the RT "
        "administrator whether the account is enabled",
        cause=Cause.PASSWORD_REFUSED,
    )


def refused_at_sign_in(error: AuthError) -> AuthError:
    """``error`` as said to someone signing in: a refused password there was mistyped
    (or the account is disabled), not "changed" since -- the sign-in window's words.
    A token's words fit both, and a wrong user name or forgery check says its own."""
    if type(error) is not AuthError or error.cause is not Cause.PASSWORD_REFUSED:
        return error
    return AuthError(
        "the helpdesk did not accept this user name and password. If they are right, "
        "ask the RT administrator whether your account is enabled",
        cause=Cause.PASSWORD_REFUSED,
    )


def csrf_refusal(base_url: str) -> CsrfRefused:
    host = urlsplit(base_url).netloc
    return CsrfRefused(
        "the helpdesk refused changes from this password sign-in as a possible "
        f"cross-site request forgery: RT knows itself by another address than {host}, "
        "and it did not accept the password instead (was it changed since you signed "
        "in?). Sign in with a token, or ask the "
        f"RT administrator to add '{host}' to @ReferrerWhitelist (or to set $WebDomain "
        "and $WebBaseURL to the address laptops use)"
    )


def secure_cookie_over_http(base_url: str) -> UntrustedConnection:
    """RT marked its session cookie Secure and the address is plain http:// on the network:
    no password can sign in there, right or wrong, so it is the address that must change."""
    secure = "https://" + base_url.removeprefix("http://")
    return UntrustedConnection(
        "the helpdesk marks its session cookie Secure (RT's $WebSecureCookies, on by default "
        "in newer RT 5 releases), so it comes back only over https://: a password sign-in at "
        f"{base_url} cannot work, whatever the password. Sign in at {secure}, or with "
        "an auth token"
    )
