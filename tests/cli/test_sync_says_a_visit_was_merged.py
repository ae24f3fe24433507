"""`fielddesk sync` and `show` after the office merged a visit holding the technician's
queued note into another (the review's script): the note is on the surviving visit and
the sync says "merged into #B", not "no longer yours"."""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from tests.cli.runner import run
from tests.integration import rt_admin
from tests.integration.dispatch_helpers import copy_profile, synced_template

pytestmark = pytest.mark.rt


def test_a_note_on_a_visit_merged_meanwhile_is_shown_on_the_survivor(
    rt: RunningRT, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    duplicate, original = rt_admin.create_tickets(rt, "alice", 2)
    template = synced_template(rt, "alice", tmp_path / "template")
    laptop = copy_profile(template, tmp_path / "laptop", rt, "alice").root
    code, _, err = run(capsys, laptop, "note", str(duplicate), "Fixed the cable", "--time", "40")
    assert code == 0, err
    code, _, err = run(capsys, laptop, "status", str(duplicate), "stalled")
    assert code == 0, err
    rt_admin.run_perl(
        rt,
        f"my $t = RT::Ticket->new(RT->SystemUser); $t->Load({duplicate}) or die;"
        f" my ($ok, $m) = $t->MergeInto({original}); die $m unless $ok;",
    )

    code, out, err = run(capsys, laptop, "sync")

    assert code == 0, err
    assert f"#{duplicate} was merged into #{original} on the helpdesk." in out.splitlines()
    assert "no longer yours" not in out
    code, out, err = run(capsys, laptop, "show", str(original))
    assert code == 0, err
    assert "Fixed the cable" in out and "Time worked: 40 min" in out
