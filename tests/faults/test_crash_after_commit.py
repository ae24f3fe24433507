"""FieldDesk is killed after RT stored a note but before the laptop recorded it.

The row was durably marked ``in_flight`` before sending; the next run must
find the note on RT rather than post it again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from sync import outbox
from sync.profile_key import key_entry
from sync.secrets import SERVICE
from tests.faults.checks import (
    USER,
    Rig,
    notes_on_helpdesk,
    notes_on_laptop,
    outbox_row,
    shown_time_worked,
    unique,
)
from tests.faults.proxy import comment_on

pytestmark = pytest.mark.rt

TOKEN_VARIABLE = "FIELDDESK_FAULT_TEST_TOKEN"
KEY_VARIABLE = "FIELDDESK_FAULT_TEST_REPLICA_KEY"  # the replica's key, as the keyring holds it
KILLED = 9

# Runs one sync of the replica in argv[2] against the helpdesk in argv[1];
# dies (like a power cut or a kill -9) as soon as RT has confirmed a note.
SYNC_THEN_DIE = f"""
import os, sys
from pathlib import Path

from sync.changes.note import NoteKind
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine
from sync.profile_key import key_entry
from sync.secrets import SERVICE, MemoryKeyring
from sync.store import open_database
import keyring


def die(self, db, row, txn_id):
    os._exit({KILLED})


NoteKind._delivered = die
url, db_path = sys.argv[1], Path(sys.argv[2])
token = os.environ.pop({TOKEN_VARIABLE!r})
keyring.set_keyring(MemoryKeyring())  # the laptop's keyring, holding the replica's key
keyring.set_password(SERVICE, key_entry(db_path.parent), os.environ.pop({KEY_VARIABLE!r}))
connector = RTConnector(RTHttp(url, Credentials({USER!r}, token=token)))
report = SyncEngine(open_database(db_path), connector).run()
print(report)
sys.exit(0)
"""


def test_killed_between_the_helpdesk_reply_and_the_local_commit(rig: Rig, tmp_path: Path) -> None:
    db, helpdesk, proxy = rig.db, rig.helpdesk, rig.proxy
    ticket = rig.visits[0].id
    text = unique("Docking station firmware updated; both monitors light up.")
    worked = helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=15)

    replica_key = keyring.get_password(SERVICE, key_entry(tmp_path))
    assert replica_key is not None
    env = {**os.environ, TOKEN_VARIABLE: rig.rt.token(USER), KEY_VARIABLE: replica_key}
    crashed = subprocess.run(
        [sys.executable, "-c", SYNC_THEN_DIE, proxy.url, str(tmp_path / "fd.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert crashed.returncode == KILLED, crashed.stdout + crashed.stderr
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1, "RT stored the note"
    assert outbox_row(db, row_uuid).state == "in_flight"
    (pending,) = notes_on_laptop(db, ticket, text)
    assert pending.id is None, "the laptop never learnt that RT has it"

    report = rig.sync()

    assert report.ok, report
    match = comment_on(ticket)
    assert [s.action for s in proxy.seen() if match(s.method, s.path)] == ["forwarded"]
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 15
    row = outbox_row(db, row_uuid)
    assert (row.state, row.result) == ("done", str(stored.id))
    (shown,) = notes_on_laptop(db, ticket, text)
    assert shown.id == stored.id
    assert shown_time_worked(db, ticket) == worked + 15
