"""An address where no RT answers is told as such, never as a wrong user or password.

RT mounted at /rt, as Debian's Apache does it (a second private RT with
``$WebPath`` /rt).  People type the host without /rt, /RT, or paste a page of RT
or its API (``/rt/REST/2.0``): the pages and the API are taken back to RT's
address; an address where nothing answers like RT says to use the one RT opens
with in a browser.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.account.sign_in import sign_in_problem
from devrt.instance import SAMPLE_PASSWORD, RTInstance, RunningRT
from sync.account import AuthKind, load_account
from sync.errors import AuthError, SyncError
from sync.profile import Profile
from sync.session import check_sign_in, sign_in

pytestmark = [pytest.mark.rt, pytest.mark.slow]


@pytest.fixture(scope="module")
def rt_at_rt(tmp_path_factory: pytest.TempPathFactory, rt_database: str) -> Iterator[RunningRT]:
    instance = RTInstance(tmp_path_factory.mktemp("rt-at-rt"), web_path="/rt", database=rt_database)
    running = instance.up()
    yield running
    instance.down()


def origin(rt: RunningRT) -> str:
    assert rt.url.endswith("/rt")
    return rt.url[: -len("/rt")]


def secret_of(rt: RunningRT, auth: AuthKind) -> str:
    return rt.token("alice") if auth == "token" else SAMPLE_PASSWORD


@pytest.mark.parametrize("auth", ["token", "password"])
@pytest.mark.parametrize(
    "typed",
    [
        "/rt/REST/2.0",  # what the sign-in window's hint spoke of
        "/rt/REST/2.0/",
        "/rt/index.html",
        "/rt/NoAuth/Login.html?next=abc",
        "/rt/Ticket/Display.html?id=1",
        "/rt/",
    ],
)
def test_a_page_or_the_api_of_rt_signs_in_at_rts_address(
    rt_at_rt: RunningRT, profile: Profile, auth: AuthKind, typed: str
) -> None:
    result = sign_in(profile, origin(rt_at_rt) + typed, "alice", secret_of(rt_at_rt, auth), auth)

    assert (result.user, result.real_name) == ("alice", "Alice Moreau")
    assert load_account(profile).url == rt_at_rt.url


@pytest.mark.parametrize("auth", ["token", "password"])
@pytest.mark.parametrize("typed", ["", "/", "/RT", "/rtx"])
def test_an_address_where_no_rt_answers_says_so(
    rt_at_rt: RunningRT, auth: AuthKind, typed: str
) -> None:
    address = origin(rt_at_rt) + typed
    with pytest.raises(SyncError) as refused:
        check_sign_in(address, "alice", secret_of(rt_at_rt, auth), auth)

    error = refused.value
    assert not isinstance(error, AuthError), error
    said = str(error)
    assert said == (
        f"no Request Tracker REST2 API answers at {address.rstrip('/')}: use the address "
        f"you open RT with in a browser, e.g. {origin(rt_at_rt)}/rt"
    )
    assert "alice" not in said
    # The sign-in window says it of the address, with the same address to try.
    assert sign_in_problem(error, address) == (
        f"{address} answers, but not like a Request Tracker 5 helpdesk. Check the address: "
        f"it is the one you open RT with in a browser, e.g. {origin(rt_at_rt)}/rt."
    )


def test_a_user_rt_does_not_have_is_still_named_at_the_right_address(
    rt_at_rt: RunningRT,
) -> None:
    with pytest.raises(AuthError, match="the helpdesk has no user named 'nobody-here'"):
        check_sign_in(rt_at_rt.url, "nobody-here", rt_at_rt.token("alice"), "token")
