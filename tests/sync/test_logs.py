"""The profile log: one file per profile, and opening another profile moves the logging."""

from __future__ import annotations

import logging
from pathlib import Path

from sync.logs import setup_profile_log


def test_messages_go_to_the_profile_that_is_open(tmp_path: Path) -> None:
    first = setup_profile_log(tmp_path / "a" / "logs")
    assert setup_profile_log(tmp_path / "a" / "logs") == first  # idempotent: one handler
    logging.getLogger("sync.engine").warning("one")
    second = setup_profile_log(tmp_path / "b" / "logs")
    logging.getLogger("sync.engine").warning("two")
    logging.getLogger("fielddesk").warning("three")

    assert first.read_text().count("one") == 1
    assert "two" not in first.read_text()
    assert "two" in second.read_text() and "three" in second.read_text()
    for name in ("sync", "fielddesk", "cli"):
        files = [getattr(h, "baseFilename", "") for h in logging.getLogger(name).handlers]
        assert [f for f in files if f.endswith("fielddesk.log")] == [str(second)]
