"""A sync brings each upcoming visit's first and newest files; the rest wait, said, for the road.

A mail loop left thousands of auto-replies with a logo each on one visit, and
every sync downloaded them all, one request each.  Against the real RT, with the
budget made small: a signed-in laptop's sync brings the visit's newest files and
says how many stay on the helpdesk; Ready for the road brings the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, outbox
from sync import session as session_module
from sync.attachments import VisitBudget
from sync.profile import Profile
from sync.session import Session, sign_in
from tests.cli.runner import run
from tests.integration.helpers import Technician
from tests.integration.test_sync_files_and_runs import PNG, todays_visit

pytestmark = pytest.mark.rt


def on_disk(profile: Profile, names: list[str]) -> list[str]:
    session = Session(profile)
    try:
        rows = session.db.execute(
            "SELECT filename, path FROM attachments WHERE filename LIKE 'meter-%' ORDER BY id"
        ).fetchall()
    finally:
        session.close()
    return [name for name, path in rows if name in names and attachments.on_this_laptop(path)]


def test_a_visits_newest_files_come_with_a_sync_and_the_rest_for_the_road(
    rt: RunningRT,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alice = Technician(rt, "alice", tmp_path / "first-laptop")
    assert alice.sync().ok
    visit = todays_visit(alice)
    names = [f"meter-{n}.png" for n in range(5)]
    for name in names:  # five notes, a photo each: the last is the newest
        photo = tmp_path / name
        photo.write_bytes(PNG)
        item = attachments.import_file(tmp_path / "files", photo)
        outbox.add_note(alice.db, visit.id, f"Reading {name}", author="alice", attachments=[item])
    assert alice.sync().ok

    monkeypatch.setattr(session_module, "SYNC_VISIT_BUDGET", VisitBudget(3, 200 * 1024 * 1024))
    laptop = Profile(tmp_path / "second-laptop").ensure()
    sign_in(laptop, rt.url, "alice", rt.token("alice"), "token")
    code, out, err = run(capsys, laptop.root, "sync")
    assert code == 0, err
    assert "2 older files of today's and tomorrow's visits stay on the helpdesk" in out
    # The visit's first message's file (its first photo here), then the newest.
    assert on_disk(laptop, names) == [names[0], *names[3:]]

    session = Session(laptop)
    try:
        report = session.sync(for_the_road=True)
    finally:
        session.close()
    assert report.ok and report.files_held_back == 0
    assert on_disk(laptop, names) == names
