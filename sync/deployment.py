"""Settings IT deploys to every laptop: the helpdesk address offered at sign-in,
and the company's certificate authority when the OS does not know it.

IT copies one small INI file to each machine (group policy, Intune, Jamf,
Ansible...) instead of telling every technician the helpdesk URL::

    [helpdesk]
    url = https://rt.example.com
    ca_file = company-root-ca.pem

    [visit]
    priority_bands = 0 Low, 25 Normal, 50 High, 75 Urgent
    maps_url = https://www.openstreetmap.org/search?query={address}

``[retention]`` and ``[security]`` (optional): how long customer data stays on
the laptop and the offline limit (``sync.data_policy``).
``[visit]`` (optional) words RT's priority numbers and picks the maps program
the visit's Navigate opens (``sync.visit_display``).
``ca_file`` (optional) names a PEM file of the company's certificate authority,
trusted in addition to the operating system's store (see
``sync.connectors.tls``); a relative name is read next to the INI file.

The first file found wins (no merging, so what applies is easy to tell):

1. the file named by ``FIELDDESK_DEPLOYMENT`` (scripts, support, tests);
2. ``fielddesk.ini`` next to the app's executable (a pre-configured bundle);
3. ``fielddesk.ini`` in the system-wide config folder: ``/etc/xdg/FieldDesk``
   (each of ``$XDG_CONFIG_DIRS``) on Linux, ``C:\\ProgramData\\FieldDesk`` on
   Windows, ``/Library/Application Support/FieldDesk`` on macOS.

The address is a default only: the technician can still type another one.
A file (or CA file) that a user other than an administrator or this user could
have changed is refused (``sync.file_trust``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from sync.connectors.addresses import insecure_address_problem
from sync.data_policy import BadPolicy, DataPolicy, read_policy
from sync.errors import SyncError
from sync.file_trust import writable_by_others
from sync.profile import APP_NAME
from sync.visit_display import (
    DEFAULT_BANDS,
    DEFAULT_MAPS_URL,
    BadVisitSetting,
    VisitDisplay,
    parse_bands,
    parse_maps_url,
)

if TYPE_CHECKING:
    import configparser

FILE_NAME = "fielddesk.ini"
ENV_VAR = "FIELDDESK_DEPLOYMENT"


class DeploymentError(SyncError):
    """The deployed settings file exists but cannot be used."""


class Deployment(NamedTuple):
    """Deployed defaults; ``source`` is the file they came from (None: no file)."""

    helpdesk_url: str | None = None
    source: Path | None = None
    ca_file: Path | None = None  # trusted in addition to the OS certificate store
    visit: VisitDisplay = VisitDisplay()  # priority words, maps link
    policy: DataPolicy = DataPolicy()  # retention, offline limit


def candidate_files() -> list[Path]:
    """Where a deployed settings file is looked for, first match wins."""
    override = os.environ.get(ENV_VAR)
    if override:
        return [Path(override).expanduser()]
    candidates = []
    if getattr(sys, "frozen", False):
        candidates.append(Path(sys.executable).resolve().parent / FILE_NAME)
    candidates += [Path(folder) / FILE_NAME for folder in site_config_dirs()]
    return candidates


def site_config_dirs() -> list[str]:
    """FieldDesk's folder in each system-wide config folder, the first one first."""
    if sys.platform in ("win32", "darwin"):
        import platformdirs  # noqa: PLC0415 - Linux needs no library (below)

        joined = platformdirs.site_config_dir(APP_NAME, appauthor=False, multipath=True)
        return [folder for folder in joined.split(os.pathsep) if folder]
    # The XDG rule as platformdirs applies it, without its import (~5 ms of every window
    # start): each absolute folder of $XDG_CONFIG_DIRS, or else /etc/xdg.
    listed = os.environ.get("XDG_CONFIG_DIRS", "").split(os.pathsep)
    folders = [folder for folder in listed if os.path.isabs(folder)] or ["/etc/xdg"]
    return [os.path.join(folder, APP_NAME) for folder in folders]


def load_deployment() -> Deployment:
    """The deployed defaults, or empty ones when IT deployed nothing.

    Raises DeploymentError for a file that is named by FIELDDESK_DEPLOYMENT but
    missing, or that cannot be read, holds a bad helpdesk address or names a
    CA file that does not exist.
    """
    candidates = candidate_files()
    if os.environ.get(ENV_VAR) and not candidates[0].is_file():
        raise DeploymentError(f"{ENV_VAR} names {candidates[0]}, which does not exist")
    for path in candidates:
        if path.is_file():
            return _read(path)
    return Deployment()


def _read(path: Path) -> Deployment:
    import configparser  # noqa: PLC0415 - only where IT put a settings file

    _require_trusted(path)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except (OSError, UnicodeDecodeError, configparser.Error) as error:
        raise DeploymentError(f"the deployed settings {path} cannot be read: {error}") from None
    url = parser.get("helpdesk", "url", fallback="").strip() or None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DeploymentError(
                f"the deployed settings {path} give the helpdesk address {url!r}, "
                "which is not an http:// or https:// address"
            )
        problem = insecure_address_problem(url)
        if problem is not None:
            raise DeploymentError(f"the deployed settings {path}: {problem}")
        url = url.rstrip("/")
    try:
        policy = read_policy(parser)
    except BadPolicy as error:
        raise DeploymentError(f"the deployed settings {path}: {error}") from None
    return Deployment(
        helpdesk_url=url,
        source=path,
        ca_file=_ca_file(parser, path),
        visit=_visit(parser, path),
        policy=policy,
    )


def _visit(parser: configparser.ConfigParser, path: Path) -> VisitDisplay:
    bands = parser.get("visit", "priority_bands", fallback="").strip()
    maps = parser.get("visit", "maps_url", fallback="").strip()
    try:
        return VisitDisplay(
            priority_bands=parse_bands(bands) if bands else DEFAULT_BANDS,
            maps_url=parse_maps_url(maps) if maps else DEFAULT_MAPS_URL,
        )
    except BadVisitSetting as error:
        raise DeploymentError(f"the deployed settings {path}: {error}") from None


def _ca_file(parser: configparser.ConfigParser, path: Path) -> Path | None:
    name = parser.get("helpdesk", "ca_file", fallback="").strip()
    if not name:
        return None
    ca_file = path.parent / Path(name).expanduser()  # an absolute name replaces the folder
    if not ca_file.is_file():
        raise DeploymentError(
            f"the deployed settings {path} name the CA file {ca_file}, which does not exist"
        )
    _require_trusted(ca_file)
    return ca_file


def _require_trusted(path: Path) -> None:
    problem = writable_by_others(path)
    if problem is not None:
        raise DeploymentError(
            f"FieldDesk does not use {path}: {problem}, so it could point this laptop at "
            "another server. Ask IT to make it writable by administrators only"
        )
