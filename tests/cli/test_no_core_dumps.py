"""A crash of FieldDesk leaves no core file: its memory holds the replica's key, the
helpdesk token and customers' text (a lost laptop's finder reads the file)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's prctl")

SECRET = "1-41-2eea122509316abfbcc64b6de95b0bda Julie Marsh 555-0143"

# Starts the way the command or the window does, prints what a crash would do, then
# crashes with the secret in memory.  The user's shell allowed core files.
CHILD = textwrap.dedent(
    """
    import ctypes, os, resource, signal, sys
    from pathlib import Path
    start, profile = sys.argv[1], Path(sys.argv[2])
    if start == "command":
        from cli.__main__ import main
        main(["--profile", str(profile), "config"])
    else:
        import desktop.app as app
        from sync.profile import Profile
        def opened(self, profile):
            raise SystemExit(0)  # the window would open here: far enough
        app.Shell.open = opened
        try:
            app.run_gui(Profile(profile), screenshot=profile / "shot.png")
        except SystemExit:
            pass
    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
    print("core limit", resource.getrlimit(resource.RLIMIT_CORE)[0], "dumpable", dumpable)
    secret = ("%s " * 1000) % ((sys.argv[3],) * 1000)
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGSEGV)
    """
)


def crash(start: str, tmp_path: Path, **env: str) -> tuple[str, list[Path]]:
    """What the crashed process said, and the core files it left in its folder."""
    import resource  # noqa: PLC0415 - Linux only

    def allow_core_files() -> None:  # `ulimit -c unlimited`
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)

    here = tmp_path / start
    here.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, start, str(tmp_path / "profile"), SECRET],
        cwd=here,
        env={
            **os.environ,
            **env,
            "PYTHONPATH": os.pathsep.join(sys.path),
            "QT_QPA_PLATFORM": "offscreen",
        },
        preexec_fn=allow_core_files,  # `ulimit -c unlimited` in the shell that started it
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGSEGV, done.stderr
    return done.stdout, sorted(here.glob("core*"))


def core_files_written_here() -> bool:
    """The kernel writes a crash's core into its folder (not to a crash handler)."""
    try:
        return not Path("/proc/sys/kernel/core_pattern").read_text().startswith("|")
    except OSError:
        return False


@pytest.mark.parametrize("start", ["command", "window"])
def test_a_crash_leaves_no_core_file(start: str, tmp_path: Path) -> None:
    said, cores = crash(start, tmp_path)
    assert "core limit 0 dumpable 0" in said
    if core_files_written_here():
        assert cores == []


def test_a_developer_may_keep_core_dumps(tmp_path: Path) -> None:
    said, cores = crash("command", tmp_path, FIELDDESK_KEEP_CORE_DUMPS="1")
    assert "dumpable 1" in said
    if core_files_written_here():
        assert [core.stat().st_size > 0 for core in cores] == [True]
