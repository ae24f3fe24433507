"""Whose HTTPS certificates the helpdesk connection trusts, and what to say when it fails.

Companies sign their helpdesk's certificate with an internal certificate
authority that IT installs on every laptop (the Windows certificate store, the
macOS Keychain, /etc/ssl on Linux).  requests alone trusts only certifi's public
CAs and would refuse such a helpdesk; truststore verifies with the operating
system's store instead.  IT may name one more CA file in the deployed
fielddesk.ini (``ca_file``) for laptops where it is not installed system-wide.
Verification is never switched off.
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import truststore
from requests.adapters import HTTPAdapter

from sync.deployment import DeploymentError
from sync.errors import CertificateError, UntrustedConnection

# OpenSSL's verify codes (Linux); Windows and macOS report their own, read from the text.
_NOT_YET_VALID, _EXPIRED, _SELF_SIGNED = 9, 10, 18
_UNKNOWN_ISSUER = frozenset({2, 19, 20, 21})
_WRONG_NAME = frozenset({62, 64})  # host name, IP address
ASK_FOR_THE_CA = (
    "IT must install the company's certificate authority on this laptop, "
    "or name its file in fielddesk.ini (ca_file)"
)


def ssl_context(ca_file: Path | None = None) -> ssl.SSLContext:
    """The operating system's trusted CAs, plus IT's ``ca_file``."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError) as error:
            raise DeploymentError(
                f"the CA file {ca_file} named in fielddesk.ini cannot be used: {error}"
            ) from None
    return context


class _TrustAdapter(HTTPAdapter):
    """Verifies every HTTPS connection with one context instead of certifi's bundle."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context  # before super(): it builds the pool manager
        super().__init__()

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        pool_kwargs["ssl_context"] = self._context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: bool | str, cert: Any) -> None:
        # requests would load certifi's bundle into our context for each new
        # connection; the context already holds what we trust.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None


def https_session(ca_file: Path | None = None) -> requests.Session:
    """A requests session that trusts the OS certificate store (and ``ca_file``)."""
    session = requests.Session()
    session.mount("https://", _TrustAdapter(ssl_context(ca_file)))
    return session


def failure(error: requests.exceptions.SSLError, base_url: str) -> UntrustedConnection:
    """The error to show for a failed TLS handshake with the helpdesk."""
    host = urlsplit(base_url).hostname or base_url
    verification = _cause(error, ssl.SSLCertVerificationError)
    if isinstance(verification, ssl.SSLCertVerificationError):
        reason, fix = explain_untrusted(verification, host)
        return CertificateError(
            f"the helpdesk's certificate is not trusted by this laptop: {reason}. {fix}"
        )
    other = _cause(error, ssl.SSLError)
    detail = getattr(other, "reason", None) or str(other or error)
    return UntrustedConnection(
        f"no secure connection to {host} could be set up ({detail}). "
        "Check the address (https:// or http://), or ask IT"
    )


def explain_untrusted(error: ssl.SSLCertVerificationError, host: str) -> tuple[str, str]:
    """Why a certificate is refused, and who fixes it: (reason, fix)."""
    code = getattr(error, "verify_code", None)
    text = str(getattr(error, "verify_message", None) or error)
    lowered = text.lower()
    if code in _WRONG_NAME or "mismatch" in lowered or "not valid for" in lowered:
        return (
            f"it is made out for another name than {host}",
            "Use the address the certificate names, or ask IT to fix the certificate",
        )
    if code == _EXPIRED or "expired" in lowered:
        return "it has expired", "IT must renew it (or this laptop's date is wrong)"
    if code == _NOT_YET_VALID or "not yet valid" in lowered:
        return "it is not valid yet", "Check this laptop's date and time, or ask IT"
    if code == _SELF_SIGNED:
        return "it is self-signed", ASK_FOR_THE_CA
    if code in _UNKNOWN_ISSUER or "issuer" in lowered or "not trusted" in lowered:
        return "it was issued by a certificate authority this laptop does not trust", ASK_FOR_THE_CA
    return text, ASK_FOR_THE_CA


def _cause(error: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first ``kind`` in the chain requests wraps around ssl's own error."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        current = pending.pop(0)
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, kind):
            return current
        pending += [*current.args, getattr(current, "reason", None), current.__cause__]
        pending.append(current.__context__)
    return None
