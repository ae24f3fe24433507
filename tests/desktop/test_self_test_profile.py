"""``fielddesk --profile DIR --self-test`` reports DIR as the user data folder.

Before, the "User data" line named the default profile whatever --profile said, while
the "Encryption" line below it checked DIR: one report, two folders."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop import self_test
from sync.profile import default_profile_dir


def report_line(report: str, name: str) -> str:
    (line,) = [line for line in report.splitlines() if line[8:].startswith(f"{name} ")]
    return line


def test_the_user_data_line_names_the_profile_given(qapp: QApplication, tmp_path: Path) -> None:
    profile = tmp_path / "site-laptop"
    out = io.StringIO()
    self_test.run_self_test(out, profile_dir=profile)
    user_data = report_line(out.getvalue(), "User data")
    assert user_data.lstrip().startswith("ok")
    assert user_data.endswith(f" {profile} (logs in its logs/ folder)")
    assert str(default_profile_dir()) not in user_data
    assert f"no replica yet in {profile}" in report_line(out.getvalue(), "Encryption")
