"""Which redirects leave the helpdesk's address, and what the technician is told."""

from __future__ import annotations

import pytest

from sync.connectors.redirects import leaves, moved


@pytest.mark.parametrize(
    ("target", "away"),
    [
        ("https://rt.example.com/rt/", False),  # RT's own start page (an expired session)
        ("https://rt.example.com:443/rt/NoAuth/Login.html", False),
        ("https://RT.example.com/rt", False),
        ("http://rt.example.com/rt/", True),  # downgrade to plain http
        ("https://rt2.example.com/rt/", True),  # another host
        ("https://rt.example.com:8443/rt/", True),  # another port
        ("https://rt.example.com/", True),  # out of the prefix
        ("https://rt.example.com/rtx/", True),
    ],
)
def test_a_redirect_leaves_when_scheme_host_port_or_prefix_differ(target: str, away: bool) -> None:
    assert leaves("https://rt.example.com/rt", target) is away


def test_a_moved_helpdesk_is_named_by_its_new_address() -> None:
    error = moved(
        "https://old.example.com/rt",
        "https://old.example.com/rt/REST/2.0/user/alice",
        "https://new.example.com/helpdesk/REST/2.0/user/alice",
    )
    assert str(error) == (
        "the helpdesk answered with a redirect to https://new.example.com/helpdesk; "
        "sign in with that address"
    )


def test_a_redirect_to_plain_http_is_called_insecure() -> None:
    error = moved(
        "https://rt.example.com",
        "https://rt.example.com/NoAuth/Login.html",
        "http://rt.example.com/NoAuth/Login.html",
    )
    assert "redirects to the insecure address http://rt.example.com/NoAuth/Login.html" in str(error)
    assert "does not send your password or token there" in str(error)
