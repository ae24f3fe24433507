"""The people puller names colleagues once (and again a month later), leaves customers
and the unknown alone, and a helpdesk that will not show users fails nothing (its
real-RT test: tests/integration/test_people_names.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from sync.connectors.base import RemoteUser
from sync.connectors.rt.common import PAGE_SIZE
from sync.connectors.rt.users import UsersPart
from sync.errors import AuthError, RejectedError
from sync.pullers.base import PullContext
from sync.pullers.people import PeoplePuller
from sync.report import SyncReport
from sync.stamps import STAMP_FORMAT
from sync.store import open_database, transaction
from sync.store.users import display_name, mark_asked, remember_users, to_ask


def days_ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).strftime(STAMP_FORMAT)


A_MONTH_AGO = days_ago(30)


class People:
    """The helpdesk's users, as ``Connector.users`` answers about them."""

    def __init__(self, known: dict[str, str], refuse: bool = False) -> None:
        self.known, self.refuse = known, refuse
        self.asked: list[list[str]] = []

    def users(self, names: list[str]) -> list[RemoteUser]:
        self.asked.append(names)
        if self.refuse:
            raise RejectedError("403 Forbidden")
        return [RemoteUser(0, n.upper(), self.known[n], "") for n in names if n in self.known]


def pull(tmp_path: Path, helpdesk: People, names: list[str]) -> SyncReport:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        remember_users(db, names)
    report = SyncReport()
    for _ in range(2):  # the second run finds nobody new
        PeoplePuller().pull(PullContext(db, helpdesk, report, lambda _p: None))  # type: ignore[arg-type]
    assert to_ask(db, 100, A_MONTH_AGO) == []
    db.close()
    return report


def test_colleagues_are_named_once_customers_and_strangers_stay_as_they_are(
    tmp_path: Path,
) -> None:
    helpdesk = People({"bob": "Bob Okafor"})
    pull(tmp_path, helpdesk, ["bob", "reception@acme.example", "left-the-company"])
    assert helpdesk.asked == [["bob", "left-the-company"]]  # once; never the customer
    db = open_database(tmp_path / "replica.db")
    assert display_name(db, "bob") == "Bob Okafor"  # RT answered "BOB": the same login
    assert display_name(db, "left-the-company") == "left-the-company"
    assert display_name(db, "reception@acme.example") == "reception@acme.example"


def test_a_helpdesk_that_will_not_show_users_leaves_logins_and_fails_nothing(
    tmp_path: Path,
) -> None:
    helpdesk = People({"bob": "Bob Okafor"}, refuse=True)
    report = pull(tmp_path, helpdesk, ["bob"])
    assert report.error is None and helpdesk.asked == [["bob"]]  # not asked again
    db = open_database(tmp_path / "replica.db")
    assert display_name(db, "bob") == "bob"


def test_names_are_looked_at_again_a_month_later(tmp_path: Path) -> None:
    """Someone renamed in RT is shown by their new name; names asked lately are not asked."""
    pull(tmp_path, People({"bob": "Bob Okafor", "carol": "Carol Lindqvist"}), ["bob", "carol"])
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        mark_asked(db, ["bob"], "2026-01-05T09:00:00Z")  # long ago
        mark_asked(db, ["carol"], days_ago(29))
    renamed = People({"bob": "Bob Okafor-Hale", "carol": "Carol Berg"})
    PeoplePuller().pull(PullContext(db, renamed, SyncReport(), lambda _p: None))  # type: ignore[arg-type]
    assert renamed.asked == [["bob"]]
    assert display_name(db, "bob") == "Bob Okafor-Hale"
    assert display_name(db, "carol") == "Carol Lindqvist"  # asked 29 days ago: kept


def test_many_colleagues_are_asked_fifty_to_a_request(tmp_path: Path) -> None:
    team = {f"tech{n:03d}": f"Technician {n}" for n in range(120)}
    helpdesk = People(team)
    pull(tmp_path, helpdesk, list(team))
    assert [len(names) for names in helpdesk.asked] == [50, 50, 20]


def test_a_signed_out_helpdesk_is_said_not_taken_for_a_refusal(tmp_path: Path) -> None:
    class SignedOut(People):
        def users(self, names: list[str]) -> list[RemoteUser]:
            raise AuthError("the token was revoked")

    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        remember_users(db, ["bob"])
    context = PullContext(db, SignedOut({}), SyncReport(), lambda _p: None)  # type: ignore[arg-type]
    with pytest.raises(AuthError):
        PeoplePuller().pull(context)
    assert to_ask(db, 100, A_MONTH_AGO) == ["bob"]  # asked again once signed in


class Pages:
    """RT's HTTP answers: a users search that ignores the names it was given."""

    def __init__(self, everyone: list[str]) -> None:
        self.everyone = everyone
        self.pages_read = 0

    def get(self, path: str, params: dict[str, Any]) -> Any:
        self.pages_read += 1
        page = int(params["page"])
        batch = self.everyone[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        items = [{"Name": n, "RealName": n.title(), "EmailAddress": ""} for n in batch]
        return SimpleNamespace(body={"items": items}, headers={})  # RT's reply, as RTHttp gives it


def test_a_search_that_ignores_the_names_is_not_paged_through(tmp_path: Path) -> None:
    """A non-administrator may search users on some fields only; RT then lists everyone."""
    everyone = ["bob", *(f"customer{n}" for n in range(1_000))]
    http = Pages(everyone)
    found = UsersPart(http).users(["bob"])  # type: ignore[arg-type]
    assert [u.name for u in found] == ["bob"] and http.pages_read == 1


def test_rts_own_user_is_shown_as_the_helpdesk_working_by_itself() -> None:
    """RT names the author of its scrips' changes "The RT System itself"."""

    class Listing:
        def get(self, path: str, params: dict[str, Any]) -> Any:
            items = [
                {"Name": "RT_System", "RealName": "The RT System itself"},
                {"Name": "bob", "RealName": "Bob Okafor"},
            ]
            return SimpleNamespace(
                body={"items": items}, headers={}
            )  # RT's reply, as RTHttp gives it

    found = UsersPart(Listing()).users(["RT_System", "bob"])  # type: ignore[arg-type]
    assert [u.real_name for u in found] == ["Helpdesk (automatic)", "Bob Okafor"]
