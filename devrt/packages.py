"""Make sure Debian's Request Tracker 5 packages are on the machine, at their newest release.

Debian patches RT in place (``5.0.3+dfsg-3~deb12uN``) and security releases change what
RT does, so an installed package older than apt's candidate is brought up to it, like a
missing one: ``apt-get install`` of an installed package upgrades it to the candidate.
Here the candidate is read from apt's lists as they are (no network); ``scripts/setup.sh``
refreshes them (``apt-get update``) and installs or upgrades the same packages.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

RT_PACKAGES = ("request-tracker5", "rt5-db-sqlite", "rt5-standalone")
POSTGRES_PACKAGES = ("rt5-db-postgresql", "postgresql")
NGINX_PACKAGES = ("nginx",)
# What scripts/setup.sh installs or upgrades (it lists them again: bash cannot import this).
SETUP_PACKAGES = RT_PACKAGES + POSTGRES_PACKAGES + NGINX_PACKAGES
RT_HOME = Path("/usr/share/request-tracker5")
RT_SERVER = RT_HOME / "libexec" / "rt-server"
RT_SETUP_DATABASE = Path("/usr/sbin/rt-setup-database")
RT_LIB = RT_HOME / "lib"

Log = Callable[[str], None]

# Packages found at their candidate release by this process: checked once, not at every up().
_current: set[str] = set()


class RTNotInstalled(RuntimeError):
    """RT is missing and this process cannot install it."""


def rt_is_installed() -> bool:
    return RT_SERVER.exists() and RT_SETUP_DATABASE.exists() and _has_sqlite_driver()


def _has_sqlite_driver() -> bool:
    probe = subprocess.run(["perl", "-MDBD::SQLite", "-e", "1"], capture_output=True, check=False)
    return probe.returncode == 0


def rt_packages(database: str = "sqlite") -> tuple[str, ...]:
    """The packages an RT instance on this database needs."""
    return RT_PACKAGES + (POSTGRES_PACKAGES if database == "postgresql" else ())


def install_command(packages: Iterable[str] = RT_PACKAGES) -> str:
    return (
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "
        "--no-install-recommends " + " ".join(packages)
    )


def installed_version(package: str) -> str | None:
    """The installed version of a Debian package, None when it is not installed."""
    if shutil.which("dpkg-query") is None:
        return None
    result = subprocess.run(
        ["dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Version}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    status, _, version = result.stdout.partition(" ")
    if result.returncode != 0 or not status.startswith("ii"):
        return None
    return version.strip() or None


def package_versions(packages: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """(installed, candidate) of each package, from apt's lists as they are (no network)."""
    names = list(packages)
    versions: dict[str, tuple[str | None, str | None]] = dict.fromkeys(names, (None, None))
    if shutil.which("apt-cache") is None:
        return versions
    result = subprocess.run(
        ["apt-cache", "policy", *names], capture_output=True, text=True, check=False
    )
    package, installed = "", None
    for line in result.stdout.splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            package, installed = line[:-1], None
        elif line.strip().startswith("Installed:"):
            installed = _version(line)
        elif line.strip().startswith("Candidate:") and package in versions:
            versions[package] = (installed, _version(line))
    return versions


def _version(policy_line: str) -> str | None:
    value = policy_line.split(":", 1)[1].strip()
    return None if value == "(none)" else value


def outdated(packages: Iterable[str]) -> tuple[list[str], list[str]]:
    """(missing, older than apt's candidate) among packages."""
    missing: list[str] = []
    older: list[str] = []
    for name, (installed, candidate) in package_versions(packages).items():
        if installed is None:
            missing.append(name)
        elif candidate is not None and installed != candidate:
            older.append(name)
    return missing, older


def ensure_packages(packages: Iterable[str], log: Log = print, *, what: str = "") -> None:
    """Install the packages, or upgrade them to apt's candidate release, with apt-get.

    Raises RTNotInstalled with the exact command to run when one is missing and this
    process is not root or has no apt-get; an outdated one only earns a warning then.
    """
    wanted = [name for name in packages if name not in _current]
    if not wanted:
        return
    missing, older = outdated(wanted)
    if missing or older:
        _install(wanted, missing, older, log, what or " ".join(wanted))
    _current.update(wanted)


def _install(wanted: list[str], missing: list[str], older: list[str], log: Log, what: str) -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        if missing:
            raise RTNotInstalled(
                f"{what} is not installed. As root, run:\n  {install_command(wanted)}"
            )
        log(f"A newer release of {' '.join(older)} is available. As root, run:")
        log(f"  {install_command(wanted)}")
        return
    verb = "Installing" if missing else "Upgrading"
    log(f"{verb} {' '.join(missing + older)} from Debian's packages (about 30 s)...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for args in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *wanted],
    ):
        result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise RTNotInstalled(f"'{' '.join(args)}' failed:\n{tail}")


def ensure_rt_installed(log: Log = print, database: str = "sqlite") -> None:
    """Install RT (and what its database needs), or upgrade it to the newest release.

    Raises RTNotInstalled with the exact command to run when this process is
    not root or has no apt-get.
    """
    packages = rt_packages(database)
    if not rt_is_installed() and os.geteuid() != 0:
        raise RTNotInstalled(
            "Request Tracker 5 is not installed. As root, run:\n  " + install_command(packages)
        )
    ensure_packages(packages, log, what="Request Tracker 5")
    if not rt_is_installed():
        raise RTNotInstalled("RT packages installed but rt-server is still missing")


def rt_version() -> str:
    """The installed release of Debian's RT package ("" when unknown)."""
    return installed_version(RT_PACKAGES[0]) or ""
