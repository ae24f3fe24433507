"""``fielddesk checklist photo`` refuses an empty (0-byte) file, naming it: RT would
refuse the checklist's whole note for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.profile import Profile
from tests.cli.runner import run
from tests.cli.test_checklist_commands import PC_VISIT, visit_named
from tests.integration.dispatch_helpers import copy_profile, synced_template

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def template(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return synced_template(rt, "alice", tmp_path_factory.mktemp("cli"))


def test_an_empty_photo_is_refused_by_name(
    rt: RunningRT, template: Profile, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = copy_profile(template, tmp_path / "laptop", rt, "alice").root
    ticket = visit_named(capsys, laptop, PC_VISIT)
    empty = tmp_path / "IMG_0042.jpg"
    empty.write_bytes(b"")

    code, _, err = run(capsys, laptop, "checklist", "photo", str(ticket), "3", str(empty))

    assert code == 1
    assert "IMG_0042.jpg is empty (0 bytes), not added" in err
    code, out, _ = run(capsys, laptop, "checklist", "show", str(ticket))
    assert code == 0 and "IMG_0042" not in out
