"""A link's URI read as the equipment or ticket it names (sync.link_targets)."""

from __future__ import annotations

import pytest

from sync.link_targets import EQUIPMENT, TICKET, LinkTarget, link_target


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("asset://fielddesk.test/12", LinkTarget(EQUIPMENT, 12)),  # RT's history
        ("asset:12", LinkTarget(EQUIPMENT, 12)),  # as FieldDesk sends it
        ("asset://helpdesk.example.org/7/", LinkTarget(EQUIPMENT, 7)),
        ("fsck.com-rt://fielddesk.test/ticket/5", LinkTarget(TICKET, 5)),
        ("  fsck.com-rt://fielddesk.test/ticket/5\n", LinkTarget(TICKET, 5)),
        ("42", LinkTarget(TICKET, 42)),
    ],
)
def test_the_forms_rt_writes_name_their_target(uri: str, expected: LinkTarget) -> None:
    assert link_target(uri) == expected


@pytest.mark.parametrize(
    "uri",
    [
        None,
        "",
        "https://intranet.example/wiki/printers",  # a web page someone linked
        "asset://fielddesk.test/printer",
        "fsck.com-rt://fielddesk.test/ticket/5/history",
        "asset://fielddesk.test/1 asset://fielddesk.test/2",
        "javascript:alert(1)//ticket/5",
        "https://jira.example/ticket/5",  # another system's ticket 5 is not ours
        "asset:" + "9" * 5000,  # no id is that long (and int() would refuse it)
        "asset:١٢",  # digits of another script
    ],
)
def test_anything_else_is_not_guessed_at(uri: str | None) -> None:
    assert link_target(uri) is None
