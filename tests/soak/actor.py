"""One laptop of the fleet: a profile, a keyring and ``fielddesk`` processes.

Every command is a separate process (``python -m cli``), exactly as a technician's
scripts or the window would run the product; ``sync`` may be killed with SIGKILL
at a random moment, like a laptop whose battery dies mid-sync.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sync.changes import RESEND_AFTER_S
from sync.profile_key import key_entry
from sync.secrets import SERVICE
from sync.store import cipher
from tests.soak.file_keyring import PATH_VARIABLE

REPO = Path(__file__).resolve().parents[2]
COMMAND_TIMEOUT_S = 240.0  # a sync's own budget is 15 min; the soak's syncs are far shorter


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int  # -9: killed by the soak
    stdout: str
    stderr: str
    seconds: float

    @property
    def killed(self) -> bool:
        return self.code == -signal.SIGKILL

    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class Actor:
    """A technician's (or the supervisor's) laptop."""

    name: str
    home: Path
    secret: str
    auth: str  # "token" | "password"
    runs: list[Run] = field(default_factory=list)

    @property
    def profile(self) -> Path:
        return self.home / "profile"

    @property
    def database(self) -> Path:
        return self.profile / "fielddesk.db"

    def environment(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "PYTHONPATH": str(REPO),
            "PYTHON_KEYRING_BACKEND": "tests.soak.file_keyring.FileKeyring",
            PATH_VARIABLE: str(self.home / "keyring.json"),
            "LANG": "C.UTF-8",
        }

    def run(self, *args: str, stdin: str | None = None, kill_after: float | None = None) -> Run:
        """``fielddesk --profile <mine> ARGS --json``; SIGKILL after kill_after seconds."""
        command = ("--profile", str(self.profile), *args, "--json")
        return self._run([sys.executable, "-m", "cli", *command], args, stdin, kill_after)

    def run_module(self, module: str, *args: str) -> Run:
        return self._run([sys.executable, "-m", module, *args], (module, *args), None, None)

    def _run(
        self, argv: list[str], args: tuple[str, ...], stdin: str | None, kill_after: float | None
    ) -> Run:
        started = time.monotonic()
        process = subprocess.Popen(
            argv,
            cwd=REPO,
            env=self.environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            out, err = process.communicate(stdin, timeout=kill_after or COMMAND_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)  # kill_after: the battery died; else: hung
            out, err = process.communicate()
        run = Run(args, process.returncode, out, err, time.monotonic() - started)
        self.runs.append(run)
        return run

    def login(self, url: str) -> Run:
        return self.run(
            "login",
            "--url",
            url,
            "--user",
            self.name,
            f"--{self.auth}-stdin",
            stdin=self.secret + "\n",
        )

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read the replica (read-only; the product may be writing it at the same time)."""
        db = cipher.connect(
            f"file:{self.database}?mode=ro", self.replica_key(), uri=True, timeout=30
        )
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    def replica_key(self) -> bytes:
        """The replica's key, from this laptop's keyring file (where its processes put it)."""
        secrets = json.loads((self.home / "keyring.json").read_text())
        return base64.b64decode(secrets[f"{SERVICE}\0{key_entry(self.profile)}"])

    def waiting(self) -> int:
        """Changes still to send, and conflicts still to settle."""
        rows = self.query(
            "SELECT (SELECT count(*) FROM outbox WHERE state IN ('pending', 'in_flight')),"
            " (SELECT count(*) FROM conflicts WHERE resolved IS NULL)"
        )
        return int(rows[0][0]) + int(rows[0][1])

    def resend_in(self) -> float:
        """Seconds until the changes in doubt may be sent again, if the helpdesk lacks them."""
        (sent,) = self.query("SELECT max(sent_at) FROM outbox WHERE state = 'in_flight'")[0]
        return max(0.0, sent + RESEND_AFTER_S - time.time()) if sent is not None else 0.0

    def waiting_detail(self) -> str:
        """What still waits, row by row: for a soak failure's message (no customer text)."""
        rows = self.query(
            "SELECT seq, kind, ticket_ref, state, attempts, next_attempt_at,"
            " last_error FROM outbox WHERE state IN ('pending', 'in_flight') ORDER BY seq"
        )
        now = time.time()
        conflicts = self.query(
            "SELECT ticket_id, field, outbox_seq FROM conflicts WHERE resolved IS NULL"
        )
        lines = [
            f"  row {seq} {kind} #{ticket} {state} after {attempts} tries,"
            f" next in {at - now:.0f} s: {error}"
            for seq, kind, ticket, state, attempts, at, error in rows
        ]
        lines += [f"  open conflict #{t} {f} (row {s})" for t, f, s in conflicts]
        last = next((r for r in reversed(self.runs) if r.args[:1] == ("sync",)), None)
        if last is not None:
            lines.append(f"  last sync: exit {last.code}, {last.stdout.strip()[-600:]}")
            lines.append(f"  its stderr: {last.stderr.strip()[-600:]}")
        return "\n".join(lines)

    def crashes(self) -> list[Run]:
        """Runs that ended in a traceback (a bug), not a one-line error."""
        return [r for r in self.runs if "Traceback" in r.stderr]
