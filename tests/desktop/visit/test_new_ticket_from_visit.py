"""A ticket opened on site (Visit → New ticket at this site) is linked to the visit it came
up at, once, and the dialog says the customer is mailed its description.

A review found the new ticket on the helpdesk with no link to the visit (the window
never passed it on), and the customer mailed RT's acknowledgement quoting what the
technician had typed for the helpdesk, with nothing in the dialog to say so.
"""

from __future__ import annotations

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.new_ticket import NewTicketDialog
from devrt.instance import RunningRT
from sync.engine import SyncEngine
from tests.desktop.visit import helpers
from tests.desktop.visit.test_new_ticket_requestor import visit
from tests.faults.checks import unique, wait_until_due
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import connector
from tests.integration.ticket_links import links, on_helpdesk


def ticket_posts(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/ticket")


def sync(rt: RunningRT, db: sqlite_utils.Database, url: str | None = None) -> None:
    SyncEngine(db, connector(rt, "alice", url)).run()


@pytest.mark.rt
def test_the_new_ticket_refers_to_the_visit_once_even_after_a_lost_answer(
    rt: RunningRT, panel: VisitDetail, db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    came_from = panel.visit
    assert came_from is not None and came_from.id > 0
    subject = unique("Waiting-room screen flickers")
    helpers.new_ticket(qtbot, panel, subject)

    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(ticket_posts, times=1)  # RT makes it; the answer is lost
        sync(rt, db, proxy.url)
    wait_until_due(db)
    sync(rt, db)
    sync(rt, db)

    [made] = on_helpdesk(rt, subject)
    assert links(rt, made, "refers-to") == [came_from.id]
    assert links(rt, came_from.id, "referred-to-by") == [made]


def test_the_dialog_says_the_requestor_is_mailed_the_description(qtbot: QtBot) -> None:
    dialog = NewTicketDialog(visit(["jane@example.com"]), lambda _v: True)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.mailed.isVisible()
    said = dialog.mailed.text()
    assert "jane@example.com" in said and "quoting this description" in said

    dialog.requestor.setText("Jane at reception")  # not kept, so not mailed: told why instead
    assert not dialog.mailed.isVisible()
    dialog.requestor.clear()  # nobody is mailed
    assert not dialog.mailed.isVisible()
    dialog.requestor.setText("julie@acme.example")
    assert dialog.mailed.isVisible() and "julie@acme.example" in dialog.mailed.text()
