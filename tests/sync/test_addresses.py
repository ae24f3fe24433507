"""A plain http:// helpdesk address gets no password and no token (unless it is this laptop)."""

from __future__ import annotations

import pytest
import requests

from sync.connectors.addresses import insecure_address_problem, unencrypted_note
from sync.errors import InsecureAddress, UntrustedConnection
from sync.session import check_sign_in


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a request was sent")

    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(requests.Session, "post", refuse)


@pytest.mark.parametrize("auth", ["token", "password"])
def test_sign_in_to_a_plain_http_helpdesk_sends_nothing(no_network: None, auth: str) -> None:
    with pytest.raises(InsecureAddress) as refused:
        check_sign_in("http://rt.example.com", "alice", "s3cret-or-token", auth)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "unencrypted" in message and "https://rt.example.com" in message
    assert isinstance(refused.value, UntrustedConnection)  # shown as "not trusted", not offline


@pytest.mark.parametrize(
    "url",
    [
        "https://rt.example.com",
        "https://rt.localhost",
        "http://127.0.0.1:8080",
        "http://127.0.1.1/rt",
        "http://[::1]:80/rt",
        "http://localhost",
    ],
)
def test_https_and_this_laptop_are_fine(url: str) -> None:
    assert insecure_address_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://rt.example.com",
        "http://192.168.1.10/rt",
        "ftp://rt.example.com",
        "http://rt.localhost",
        "http://RT.LOCALHOST.:8080",
    ],
)
def test_other_addresses_are_refused(url: str) -> None:
    assert insecure_address_problem(url) is not None


@pytest.mark.parametrize("auth", ["token", "password"])
def test_a_name_under_localhost_gets_nothing_over_plain_http(no_network: None, auth: str) -> None:
    # Debian looks rt.localhost up on the network's DNS (hosts: files dns): whoever answers
    # there would get the secret, and RT 5.0.7's Secure session cookie with it.
    with pytest.raises(InsecureAddress) as refused:
        check_sign_in("http://rt.localhost:8080/rt", "alice", "s3cret-or-token", auth)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "https://rt.localhost:8080/rt" in message  # what to do: https, or truly this laptop
    assert "http://localhost:8080/rt or http://127.0.0.1:8080/rt" in message
    # Nor does the sign-in window call it "only inside this laptop".
    assert unencrypted_note("http://rt.localhost:8080/rt", auth) is None
