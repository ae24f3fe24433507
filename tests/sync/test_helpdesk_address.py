"""The address to sign in with is RT's own, whatever page of it or its API was pasted."""

from __future__ import annotations

import pytest

from sync.account import Account, load_account, save_account
from sync.connectors.addresses import helpdesk_address, no_helpdesk_here
from sync.connectors.redirects import moved
from sync.profile import Profile


@pytest.mark.parametrize(
    ("typed", "address"),
    [
        ("https://rt.example.com/rt", "https://rt.example.com/rt"),
        (" https://rt.example.com/rt/ ", "https://rt.example.com/rt"),
        ("https://rt.example.com/rt/REST/2.0", "https://rt.example.com/rt"),
        ("https://rt.example.com/rt/REST/2.0/", "https://rt.example.com/rt"),
        ("https://rt.example.com/rt/REST/2.0/ticket/7", "https://rt.example.com/rt"),
        ("https://rt.example.com/rt/rest/2.0", "https://rt.example.com/rt"),
        ("https://rt.example.com/REST/1.0/", "https://rt.example.com"),
        ("https://rt.example.com/rt/index.html", "https://rt.example.com/rt"),
        ("https://rt.example.com/index.html", "https://rt.example.com"),
        ("https://rt.example.com/rt/NoAuth/Login.html?next=x", "https://rt.example.com/rt"),
        ("https://rt.example.com/rt/Ticket/Display.html?id=7#txn-9", "https://rt.example.com/rt"),
        ("https://rt.example.com/rt/SelfService/", "https://rt.example.com/rt"),
        (
            "https://rt.example.com:8443/it/rt/Admin/Queues/Modify.html",
            "https://rt.example.com:8443/it/rt",
        ),
        ("https://rt.example.com/rt/?q=1", "https://rt.example.com/rt"),
        # Not RT's: kept for the server to answer (the path is the server's to spell).
        ("https://rt.example.com/RT", "https://rt.example.com/RT"),
        ("https://rt.example.com/helpdesk/tools", "https://rt.example.com/helpdesk/tools"),
        ("https://rt.example.com", "https://rt.example.com"),
    ],
)
def test_a_pasted_page_or_api_address_becomes_rts_address(typed: str, address: str) -> None:
    assert helpdesk_address(typed) == address


def test_no_rt_here_names_the_address_to_use() -> None:
    assert str(no_helpdesk_here("http://intranet.example.com")) == (
        "no Request Tracker REST2 API answers at http://intranet.example.com: use the "
        "address you open RT with in a browser, e.g. http://intranet.example.com/rt"
    )
    # At /rt already: an example, not the same address again.
    assert str(no_helpdesk_here("https://intranet.example.com/rt")).endswith(
        "e.g. https://helpdesk.example.com/rt"
    )


def test_a_redirect_to_a_login_page_names_rts_address() -> None:
    error = moved(
        "https://old.example.com/rt",
        "https://old.example.com/rt/REST/2.0/user/alice",
        "https://new.example.com/rt/NoAuth/Login.html?next=abc",
    )
    assert str(error) == (
        "the helpdesk answered with a redirect to https://new.example.com/rt; "
        "sign in with that address"
    )


def test_an_account_kept_as_typed_sends_the_name_as_rt_spells_it(profile: Profile) -> None:
    """An older FieldDesk kept "Alice" as typed: the secret is found under that name, and
    RT's spelling (learned at sign-in, kept in the replica) is sent and compared."""
    save_account(profile, Account(url="https://rt.example.com", user="Alice", auth="token"), "t0k")
    account = load_account(profile)

    credentials = account.credentials(rt_name="alice")
    assert (credentials.user, credentials.token) == ("alice", "t0k")
    assert account.credentials().user == "Alice"
    # Another user altogether is not taken for this account's.
    assert account.credentials(rt_name="bob").user == "Alice"
