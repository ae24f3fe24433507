"""Reading a reply within a deadline, so that a trickling helpdesk cannot hold a sync.

requests reads a body with a timeout per socket read: a server that sends a
byte every few seconds never trips it, and a sync waits forever.  Here the body
is read as it arrives (urllib3's ``read1`` returns what has come in) and given
up once the deadline passes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Protocol

import requests
import urllib3.exceptions

from sync.errors import DownloadTooLarge, RetryableError, TooSlow

CHUNK = 64 * 1024


def read_body(response: requests.Response, deadline: float) -> bytes:
    """The whole body, read before ``deadline``; ``response.json()`` works on it after."""
    body = b"".join(_chunks(response, deadline))
    # Where requests keeps a body it read itself: .content and .json() use it.
    response._content = body
    return body


class Sink(Protocol):
    """Where a download's bytes go as they arrive (a file, a decoder)."""

    def write(self, data: bytes, /) -> int: ...


def copy_body(response: requests.Response, deadline: float, sink: Sink, *, max_bytes: int) -> int:
    """Write the body into ``sink`` as it arrives, stopping past ``max_bytes``; its size."""
    received = 0
    for chunk in _chunks(response, deadline):
        received += len(chunk)
        if received > max_bytes:
            raise DownloadTooLarge(
                f"the helpdesk sent more than the {max_bytes / 1_048_576:.1f} MB expected "
                f"({received / 1_048_576:.1f} MB so far); the download was stopped"
            )
        sink.write(chunk)
    return received


def _chunks(response: requests.Response, deadline: float) -> Iterator[bytes]:
    started = time.monotonic()
    received = 0
    expected = _declared_size(response)
    try:
        while True:
            if time.monotonic() > deadline:
                raise TooSlow(
                    f"the helpdesk is answering too slowly ({received:,} bytes in "
                    f"{time.monotonic() - started:.0f} s)"
                )
            chunk = response.raw.read1(CHUNK, decode_content=True)
            if not chunk:
                return
            received += len(chunk)
            yield chunk
    except urllib3.exceptions.ReadTimeoutError:
        raise TooSlow(f"the helpdesk stopped answering after {received:,} bytes") from None
    except (urllib3.exceptions.HTTPError, OSError):
        of = f" of {expected:,}" if expected is not None and expected > received else ""
        raise RetryableError(
            f"the helpdesk's reply was cut off after {received:,}{of} bytes"
        ) from None
    finally:
        response.close()


def _declared_size(response: requests.Response) -> int | None:
    """The body's size as the helpdesk announced it, when it counts what we count
    (a compressed body's Content-Length counts compressed bytes)."""
    length = response.headers.get("Content-Length", "")
    identity = response.headers.get("Content-Encoding", "identity").lower() == "identity"
    return int(length) if length.isdigit() and identity else None
