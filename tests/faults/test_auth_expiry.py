"""The helpdesk stops accepting the token half-way through a run (401).

The run stops and says "sign in again"; nothing is rejected or lost, and
after signing in again every note arrives once.
"""

from __future__ import annotations

import pytest

from sync import outbox
from tests.faults.checks import (
    Rig,
    notes_on_helpdesk,
    notes_on_laptop,
    outbox_row,
    shown_time_worked,
    unique,
)
from tests.faults.proxy import comment_on

pytestmark = pytest.mark.rt


def test_401_mid_run_keeps_the_rest_for_after_sign_in(rig: Rig) -> None:
    db, helpdesk = rig.db, rig.helpdesk
    first_ticket, second_ticket = rig.visits[0].id, rig.visits[1].id
    first_text = unique("Cleaned the scanner dock contacts.")
    second_text = unique("Moved the access point two metres; aisle 8 signal -58 dBm.")
    worked = helpdesk.fetch_ticket(second_ticket).time_worked
    first = outbox.add_note(db, first_ticket, first_text, author="alice", minutes=10)
    second = outbox.add_note(db, second_ticket, second_text, author="alice", minutes=15)

    rig.proxy.replace_status(comment_on(second_ticket), 401)
    report = rig.sync()

    match = comment_on(second_ticket)
    assert [s.action for s in rig.proxy.seen() if match(s.method, s.path)] == ["replaced"]
    assert report.auth_failed
    assert not report.ok
    assert report.rejected == []
    assert report.pushed == 1
    assert len(notes_on_helpdesk(helpdesk, first_ticket, first_text)) == 1
    assert outbox_row(db, first).state == "done"
    assert outbox_row(db, second).state in outbox.OPEN_STATES
    assert notes_on_helpdesk(helpdesk, second_ticket, second_text) == []
    (waiting,) = notes_on_laptop(db, second_ticket, second_text)
    assert waiting.id is None
    assert shown_time_worked(db, second_ticket) == worked + 15

    rig.proxy.clear()  # signed in again
    again = rig.sync()

    assert again.ok, again
    assert again.pushed == 1
    assert len(notes_on_helpdesk(helpdesk, first_ticket, first_text)) == 1
    assert len(notes_on_helpdesk(helpdesk, second_ticket, second_text)) == 1
    assert helpdesk.fetch_ticket(second_ticket).time_worked == worked + 15
    assert outbox_row(db, second).state == "done"
    (shown,) = notes_on_laptop(db, second_ticket, second_text)
    assert shown.id is not None
    assert len(notes_on_laptop(db, first_ticket, first_text)) == 1
    assert shown_time_worked(db, second_ticket) == worked + 15
