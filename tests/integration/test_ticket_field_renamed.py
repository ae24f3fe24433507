"""A ticket field the RT administrator renamed: the visits keep their values, and say why.

Renamed (or disabled, or hidden from the technician), the field is missing from
every ticket RT sends -- not empty: RT lists the empty ones as []. The visits lost
their site and time window without a word, dropped out of Today, and the sync
said all was well.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.store import tickets as ticket_store
from tests.integration import rt_admin
from tests.integration.helpers import Technician, supervisor_update

pytestmark = pytest.mark.rt

TICKET_FIELD = "RT::Queue-RT::Ticket"  # the ticket custom fields, not the assets' 'Site'


@contextmanager
def ticket_field_renamed(rt: RunningRT, name: str, new_name: str) -> Iterator[None]:
    def rename(old: str, new: str) -> None:
        rt_admin.run_perl(
            rt,
            "my $cf = RT::CustomField->new(RT->SystemUser);\n"
            f"$cf->LoadByName(Name => '{old}', LookupType => '{TICKET_FIELD}')"
            f' or die "no field {old}";\n'
            f"my ($ok, $msg) = $cf->SetName('{new}'); die \"$msg\\n\" unless $ok;",
        )

    rename(name, new_name)
    try:
        yield
    finally:
        rename(new_name, name)


def test_a_renamed_site_field_leaves_the_visits_site_and_says_so(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = next(v for v in ticket_store.list_visits(laptop.db) if v.site and v.visit_start)
    with ticket_field_renamed(rt, "Site", "Location"):
        supervisor_update(rt, visit.id, {"priority": "35"})  # changed: the sync reads it
        report = laptop.sync()

    after = ticket_store.get_visit(laptop.db, visit.id)
    assert after is not None and after.priority == 35, "the visit was read again"
    assert after.site == visit.site and after.visit_start == visit.visit_start
    assert report.error is not None
    assert "the helpdesk sent no 'Site' for" in report.error
    assert "ask the RT administrator" in report.error
    assert report.in_touch  # the rest came down: the offline limit does not count

    assert laptop.sync().ok  # named back: nothing more to say
