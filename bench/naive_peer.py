"""Running the naive python-rt peer (bench/naive_rt_client.py) from its own venv.

The peer's library is not a FieldDesk dependency, so it lives in the benchmarks' own
venv, ``bench/.peer-venv`` (git-ignored), made on first use with ``python -m venv`` and
pip from the package registry.  A venv holding anything but ``rt==3.8.1`` is rebuilt.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

PEER_REQUIREMENT = "rt==3.8.1"
# Not bench._common's REPO: importing bench._common gives the whole process a file
# keyring, and tests/bench imports this module into the test session.
BENCH = Path(__file__).resolve().parent
PEER_VENV = BENCH / ".peer-venv"
PEER_SCRIPT = BENCH / "naive_rt_client.py"


class PeerUnavailable(RuntimeError):
    """The peer's venv could not be made (no registry, no venv module): said as such."""


def peer_python(venv: Path = PEER_VENV) -> Path:
    """The peer venv's interpreter, the venv made (or remade) first if needed."""
    python = venv / "bin" / "python"
    marker = venv / "fielddesk-peer.txt"  # what was installed, once it all was
    with open(f"{venv}.lock", "w") as lock:  # two runs at once build it once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists() and marker.read_text() == PEER_REQUIREMENT and python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(venv)], "making the peer's venv")
        _run(
            [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             PEER_REQUIREMENT],
            f"installing {PEER_REQUIREMENT} into {venv}",
        )  # fmt: skip
        marker.write_text(PEER_REQUIREMENT)
    return python


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PeerUnavailable(f"{what} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")


def run_peer(url: str, token: str, owner: str, db: Path) -> dict[str, Any]:
    """One run of the peer against RT at url (a proxy, to count its requests) into db.

    Returns what it printed: tickets listed and fetched, and ``seconds``, its own wall time
    from making its client to the last commit (its interpreter's start-up left out, as
    FieldDesk's is).
    """
    command = [str(peer_python()), str(PEER_SCRIPT), "--url", url, "--owner", owner]
    done = subprocess.run(
        [*command, "--db", str(db)],
        env={**os.environ, "RT_TOKEN": token},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the naive peer failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
