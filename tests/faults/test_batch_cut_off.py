"""The helpdesk fails half way through the changed tickets: what came is kept, nothing twice.

Changed tickets come down in batches; a batch whose message listing keeps
failing ends the run, but the batches before it are on the laptop already, and
the next run brings the rest without showing any note twice.
"""

from __future__ import annotations

import uuid

import pytest

from sync.connectors.base import NoteRequest
from sync.pullers import tickets as tickets_puller
from tests.faults.checks import Rig, notes_on_laptop, unique
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt

BATCH = 2


def test_a_failed_batch_keeps_the_batches_before_it(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tickets_puller, "TICKETS_PER_BATCH", BATCH)
    supervisor = connector(rig.rt, "supervisor")
    text = unique("Dispatch: parts arrive Thursday.")
    changed = [v.id for v in rig.visits[: 2 * BATCH]]
    for ticket in changed:
        supervisor.add_note(NoteRequest(ticket, str(uuid.uuid4()), text))
    message_listings = 0

    def second_batchs_messages(method: str, path: str) -> bool:
        nonlocal message_listings
        if method == "GET" and path.endswith("/REST/2.0/attachments"):
            message_listings += 1
            return message_listings > 2  # the first batch's bodies and files go through
        return False

    rig.proxy.replace_status(second_batchs_messages, 500)
    failed = rig.sync()

    assert not failed.ok
    on_laptop = sorted(len(notes_on_laptop(rig.db, t, text)) for t in changed)
    assert on_laptop == [0] * BATCH + [1] * BATCH, "the first batch is kept, once"

    rig.proxy.clear()
    again = rig.sync()

    assert again.ok, again
    assert [len(notes_on_laptop(rig.db, t, text)) for t in changed] == [1] * (2 * BATCH)
