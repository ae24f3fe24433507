"""Shared helpers for tests that talk to the private RT."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from devrt.instance import RTInstance, RunningRT
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine, SyncReport
from sync.store import open_database

_ZONES: dict[tuple[str, str], str] = {}


def helpdesk_zone(rt: RunningRT, user: str) -> str:
    """The zone RT reads user's dates in, learned as sign-in learns it (once per RT and
    user): the tests' connections write dates as a signed-in laptop does, whatever
    zone the private RT runs in (``--rt-server-zone``)."""
    key = (rt.url, user)
    if key not in _ZONES:
        http = RTHttp(rt.url, Credentials(user, token=rt.token(user)))
        _ZONES[key] = RTConnector(http).current_user().timezone
    return _ZONES[key]


def past_this_second() -> None:
    """Wait until the clock's second is over. RT stamps changes to the second, and a
    batch read in the second of a ticket's last change leaves that ticket for a
    one-by-one read (``reflected_etag``): a test that reads a batch right after
    making its tickets waits, so that every ticket comes in the batch."""
    time.sleep(1.05 - time.time() % 1.0)


def connector(rt: RunningRT, user: str, url: str | None = None) -> RTConnector:
    """user's connection to RT (or, with url, to whatever listens there instead)."""
    http = RTHttp(url or rt.url, Credentials(user, token=rt.token(user)))
    return RTConnector(http, timezone=helpdesk_zone(rt, user))


class Technician:
    """A technician's laptop: a replica and an engine, against the real RT."""

    def __init__(self, rt: RunningRT, user: str, data_dir: Path) -> None:
        self.user = user
        self.db: sqlite_utils.Database = open_database(data_dir / f"{user}.db")
        self.connector = connector(rt, user)

    def sync(self, url: str | None = None, *, files: Path | None = None) -> SyncReport:
        """One run; with url, through another address (a proxy, a dead port); with
        files, downloading today's and tomorrow's files there as the app does."""
        through = (
            self.connector
            if url is None
            else RTConnector(RTHttp(url, self.connector.http.credentials))
        )
        return SyncEngine(self.db, through, attachments_dir=files).run()


def comments_with(rt: RunningRT, ticket_id: int, text: str) -> list[Any]:
    """The ticket's comments/replies on the server whose body is text (as the supervisor)."""
    history = connector(rt, "supervisor").fetch_history(ticket_id, 0)
    return [
        t for t in history if t.type in ("Comment", "Correspond") and (t.body or "").strip() == text
    ]


def server_ticket(rt: RunningRT, ticket_id: int) -> Any:
    return connector(rt, "supervisor").fetch_ticket(ticket_id)


def supervisor_update(rt: RunningRT, ticket_id: int, changes: dict[str, str | None]) -> None:
    """A change made on the helpdesk side, as the supervisor would in RT's web UI."""
    boss = connector(rt, "supervisor")
    boss.update_ticket(ticket_id, boss.fetch_ticket(ticket_id).etag, changes)


def assert_one_signed_report(rt: RunningRT, ticket_id: int) -> None:
    """RT holds exactly one service report on the ticket, with its PDF and signature PNG."""
    history = connector(rt, "supervisor").fetch_history(ticket_id, 0)
    reports = [t for t in history if (t.body or "").startswith("Service report signed on site")]
    assert len(reports) == 1
    assert sorted(Path(a.filename).suffix for a in reports[0].attachments) == [".pdf", ".png"]


@contextmanager
def rt_with_setting(
    rt_instance: RTInstance, rt: RunningRT, name: str, setting: str
) -> Iterator[RunningRT]:
    """The suite's RT restarted with one more line of site config (``setting``, e.g.
    "Set($WebSecureCookies, 1);", in site.d/``name``.pm); as it was again afterwards."""
    switch = rt.root / "site.d" / f"{name}.pm"
    switch.write_text(f"{setting}\n1;\n")
    try:
        rt_instance.down()
        yield rt_instance.up()
    finally:
        switch.unlink()
        rt_instance.down()
        assert rt_instance.up().url == rt.url
