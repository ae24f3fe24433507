"""Names made short keep the extension the operating system goes by: a cut must never
turn a document into a program, neither for a saved copy nor for a file sent to RT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sync import attachments
from sync.downloaded_files import NAME_MAX, safe_base_name, shortened

DISGUISED = "A" * 116 + ".exe.pdf"


def test_a_file_added_under_a_long_name_is_sent_with_its_real_extension(
    tmp_path: Path,
) -> None:
    added = attachments.import_bytes(tmp_path, b"%PDF-1.4\n", DISGUISED)

    assert added["filename"].endswith(".pdf") and not added["filename"].endswith(".exe")
    assert added["content_type"] == "application/pdf"
    assert len(added["filename"]) <= 120


@pytest.mark.parametrize("make_safe", [safe_base_name, attachments.safe_file_name])
def test_a_cut_never_makes_a_new_extension(make_safe: Callable[[str], str]) -> None:
    # The last "extension" is too long to be one: a cut at 120 would leave ".exe" last.
    name = "A" * 116 + ".exe." + "b" * 30

    made = make_safe(name)

    assert len(made) <= NAME_MAX and Path(made).suffix == "" and made == made.rstrip(" .")


def test_short_names_are_left_alone() -> None:
    assert shortened("scan-0042.pdf") == "scan-0042.pdf"
    assert shortened("x" * NAME_MAX + ".pdf") == "x" * (NAME_MAX - 4) + ".pdf"
