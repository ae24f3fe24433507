"""A helpdesk without the admin kit's Client Request Id / Client Ticket Id fields.

Sign-in says so plainly, and the engine still never doubles a note: it finds
its own note by author and text after an ambiguous failure.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import RTInstance, RunningRT
from sync import outbox
from sync.connectors.base import NoteRequest
from sync.profile import Profile
from sync.session import sign_in
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, comments_with

pytestmark = pytest.mark.rt

SET_DISABLED = """
use lib '/usr/share/request-tracker5/lib';
use RT -init;
for my $name ('Client Request Id', 'Client Ticket Id') {
    my $cf = RT::CustomField->new(RT->SystemUser);
    $cf->LoadByCols(Name => $name);
    my ($ok, $msg) = $cf->SetDisabled($ARGV[0]);
    die "$name: $msg" unless $ok;
}
"""


def set_client_id_fields_disabled(instance: RTInstance, disabled: bool) -> None:
    subprocess.run(
        ["perl", "-e", SET_DISABLED, "1" if disabled else "0"],
        env=instance._rt_env(),
        check=True,
        capture_output=True,
    )


@pytest.fixture
def helpdesk_without_client_ids(rt_instance: RTInstance, rt: RunningRT) -> Iterator[RunningRT]:
    set_client_id_fields_disabled(rt_instance, True)
    yield rt
    set_client_id_fields_disabled(rt_instance, False)


def test_sign_in_warns_and_a_retried_note_is_not_doubled(
    helpdesk_without_client_ids: RunningRT, profile: Profile, tmp_path: Path
) -> None:
    rt = helpdesk_without_client_ids
    result = sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    assert any("Client Request Id" in w for w in result.warnings)
    assert any("recognises retried notes by their text" in w for w in result.warnings)

    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = ticket_store.list_visits(laptop.db)[0]
    text = "Checked the UPS self-test log: battery at 61 %."
    uuid = outbox.add_note(laptop.db, visit.id, text, author="alice", minutes=5)
    # The note reached RT but the laptop never heard back (crash or lost reply):
    laptop.connector.add_note(
        NoteRequest(ticket_id=visit.id, client_request_id=uuid, content=text, time_taken=5)
    )
    laptop.db.execute("UPDATE outbox SET state = 'in_flight' WHERE uuid = ?", [uuid])

    assert laptop.sync().ok
    assert len(comments_with(rt, visit.id, text)) == 1
    [row] = [r for r in outbox.rows(laptop.db, include_done=True) if r.uuid == uuid]
    assert row.state == "done"
