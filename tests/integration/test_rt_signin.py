"""Sign in to the real private RT and list a technician's visits through REST2."""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync.connectors.rt import FIELD_QUEUE, RTConnector, ticket_sql_quote
from sync.connectors.rt_http import Credentials, RTHttp
from sync.errors import AuthError

pytestmark = pytest.mark.rt


def connect(rt: RunningRT, user: str, **secret: str) -> RTConnector:
    return RTConnector(RTHttp(rt.url, Credentials(user, **secret)))


def test_technician_signs_in_with_token_and_lists_only_their_visits(rt: RunningRT) -> None:
    alice = connect(rt, "alice", token=rt.token("alice"))
    me = alice.current_user()
    assert (me.name, me.real_name) == ("alice", "Alice Moreau")
    assert alice.admin_kit_problems() == []

    visits = alice.search_tickets("Owner='__CurrentUser__'", "Subject,Owner,Status")
    assert visits, "the sample data gives alice visits"
    assert {v["Owner"]["id"] for v in visits} == {"alice"}

    # The supervisor sees the whole queue; alice's share of it is exactly what she listed.
    supervisor = connect(rt, "supervisor", token=rt.token("supervisor"))
    everything = supervisor.search_tickets(f"Queue={ticket_sql_quote(FIELD_QUEUE)}", "Owner")
    owned_by_alice = {t["id"] for t in everything if t["Owner"]["id"] == "alice"}
    assert {v["id"] for v in visits} == owned_by_alice
    assert len(everything) > len(visits)


def test_password_sign_in_uses_a_session(rt: RunningRT) -> None:
    bob = connect(rt, "bob", password="fielddesk")
    assert bob.current_user().name == "bob"
    assert any(c.name.startswith("RT_SID_") for c in bob.http.session.cookies)


@pytest.mark.parametrize(
    ("user", "secret"),
    [
        ("alice", {"password": "wrong password"}),
        ("alice", {"token": "1-38-0123456789abcdef"}),
        ("nobody-here", {"password": "fielddesk"}),
    ],
)
def test_wrong_credentials_are_refused_plainly(
    rt: RunningRT, user: str, secret: dict[str, str]
) -> None:
    with pytest.raises(AuthError):
        connect(rt, user, **secret).current_user()


def test_someone_elses_token_does_not_sign_in_as_you(rt: RunningRT) -> None:
    with pytest.raises(AuthError, match="do not belong"):
        connect(rt, "alice", token=rt.token("bob")).current_user()
