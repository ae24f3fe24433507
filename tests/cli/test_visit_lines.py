"""The lines `fielddesk visits` prints for visits RT holds in odd shapes."""

from __future__ import annotations

from typing import Any

from cli.listing_commands import _visit_line


def _visit(**fields: Any) -> dict[str, Any]:
    return {
        "id": 35,
        "visit_start": None,
        "status": "open",
        "site": "Acme HQ",
        "subject": "Printer offline",
        "pending_changes": 0,
        "open_conflicts": 0,
        "gone": None,
    } | fields


def test_a_visit_without_a_subject_is_listed_as_no_subject() -> None:
    """Mail with no subject (or only hidden characters) must not print a line that
    ends in a blank after the site: the technician cannot tell what it is."""
    assert _visit_line(_visit()).endswith("Acme HQ                       Printer offline")
    for empty in ("", "\u202e\u200b"):
        assert _visit_line(_visit(subject=empty)).endswith("Acme HQ" + " " * 23 + "(no subject)")
