"""Run a shell script in a network namespace of its own (``unshare --net``), as the
ping-rights tests do: the namespace's ping_group_range is theirs to set, whatever this
machine allows.  Skips where the machine cannot make one (no unshare/ip, not allowed):
CI runs as root, where it always can."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def in_network_namespace(
    script: str, *, home: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """``script`` run by ``sh`` in a new network namespace, from the repository, with
    the product importable; its exit code checked by the caller."""
    if shutil.which("unshare") is None or shutil.which("ip") is None:
        pytest.skip("needs unshare and ip (util-linux, iproute2) to make a network namespace")
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    if home is not None:
        env["HOME"] = str(home)
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"this machine does not let the tests make a network namespace: {done.stderr}")
    return done
