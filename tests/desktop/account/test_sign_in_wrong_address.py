"""The sign-in window tells an address where no RT answers apart from a refused sign-in."""

from __future__ import annotations

from desktop.account.sign_in import sign_in_problem
from sync.connectors.addresses import no_helpdesk_here
from sync.errors import BadReplyError


def test_no_rt_at_the_address_is_said_with_the_address_to_use() -> None:
    shown = sign_in_problem(no_helpdesk_here("http://127.0.0.1:8080"), "http://127.0.0.1:8080/")

    assert shown == (
        "http://127.0.0.1:8080/ answers, but not like a Request Tracker 5 helpdesk. Check the "
        "address: it is the one you open RT with in a browser, e.g. http://127.0.0.1:8080/rt."
    )


def test_an_answer_that_is_not_rt_points_at_rts_browser_address() -> None:
    shown = sign_in_problem(BadReplyError("not JSON"), "https://rt.example.com")

    assert "/REST/2.0" not in shown
    assert shown.endswith(
        "the one you open RT with in a browser, e.g. https://helpdesk.example.com/rt."
    )
