"""Make sure Debian's Request Tracker 5 packages are on the machine."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

RT_PACKAGES = ("request-tracker5", "rt5-db-sqlite", "rt5-standalone")
RT_HOME = Path("/usr/share/request-tracker5")
RT_SERVER = RT_HOME / "libexec" / "rt-server"
RT_SETUP_DATABASE = Path("/usr/sbin/rt-setup-database")
RT_LIB = RT_HOME / "lib"


class RTNotInstalled(RuntimeError):
    """RT is missing and this process cannot install it."""


def rt_is_installed() -> bool:
    return RT_SERVER.exists() and RT_SETUP_DATABASE.exists() and _has_sqlite_driver()


def _has_sqlite_driver() -> bool:
    probe = subprocess.run(["perl", "-MDBD::SQLite", "-e", "1"], capture_output=True, check=False)
    return probe.returncode == 0


def install_command() -> str:
    return (
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "
        "--no-install-recommends " + " ".join(RT_PACKAGES)
    )


def ensure_rt_installed(log: Callable[[str], None] = print) -> None:
    """Install the RT packages with apt-get when they are missing.

    Raises RTNotInstalled with the exact command to run when this process is
    not root or has no apt-get.
    """
    if rt_is_installed():
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise RTNotInstalled(
            "Request Tracker 5 is not installed. As root, run:\n  " + install_command()
        )
    log("Installing Request Tracker 5 from Debian's packages (about 30 s)...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for args in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *RT_PACKAGES],
    ):
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise RTNotInstalled(f"'{' '.join(args)}' failed:\n{tail}")
    if not rt_is_installed():
        raise RTNotInstalled("RT packages installed but rt-server is still missing")
