"""A laptop used from the terminal does not keep the plaintext copies a crashed window
left: every command but the quick ``visits`` listing removes them first."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

REPORT = b"%PDF-1.4 service report for Julie Marsh"

CRASHING_WINDOW = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sync.open_copies import process_copies
    process_copies().copy_of(Path(sys.argv[1]), "report.pdf")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "XDG_RUNTIME_DIR": str(tmp_path / "run"),
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_command_removes_the_copies_a_crashed_window_left(tmp_path: Path) -> None:
    (tmp_path / "run").mkdir(mode=0o700)
    stored = tmp_path / "attachments" / "7" / "3-report.pdf"  # plaintext: no key needed
    stored.parent.mkdir(parents=True)
    stored.write_bytes(REPORT)
    crashed = run(tmp_path, "-c", CRASHING_WINDOW, str(stored))
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    [left] = list((tmp_path / "run").glob("fielddesk-open-*/*/1/report.pdf"))

    run(tmp_path, "-m", "cli", "--profile", str(tmp_path / "profile"), "config")

    assert not left.exists()
