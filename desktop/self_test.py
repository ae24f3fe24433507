"""``fielddesk --self-test``: can FieldDesk run on this machine, from this build?

Support and IT run it on a laptop or in a freshly built bundle; it needs no
display and no helpdesk.  Each check prints one line (ok / FAIL and what was
found); the exit status is 0 when every check passed, 1 otherwise.
"""

from __future__ import annotations

import os
import platform
import secrets
import ssl
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TextIO

from sync import __version__
from sync.deployment import load_deployment
from sync.errors import SecretStoreUnavailable
from sync.locked_replica import KEY_GONE
from sync.profile import Profile, default_profile_dir
from sync.profile_key import KEY_BYTES, load_key
from sync.resources import resource_path, resources_root
from sync.store import cipher
from sync.store.database import as_database, migrate, schema_version
from sync.store.driver import sqlite3
from sync.store.schema import SCHEMA_VERSION

# Files the app cannot do without (the icon set and the kit IT loads into RT).
REQUIRED_RESOURCES = (
    ("icons", "app", "fielddesk.svg"),
    ("icons", "sync.svg"),
    ("icons", "warning.svg"),
    ("rt", "fielddesk-admin-kit.pl"),
)
# Image formats the app shows: icons (svg), photos and attachments, the app icon.
REQUIRED_IMAGE_FORMATS = ("svg", "png", "jpeg", "gif", "ico")
# The platform plugin that opens windows on each OS (file name in plugins/platforms).
NATIVE_PLATFORM_PLUGINS = {
    "linux": ("xcb", "libqxcb.so"),
    "win32": ("windows", "qwindows.dll"),
    "darwin": ("cocoa", "libqcocoa.dylib"),
}
# The OS keyring backend FieldDesk expects on each OS, and how to get one.
KEYRING_BACKENDS = {
    "linux": (
        "keyring.backends.SecretService",
        "install and unlock a Secret Service keyring (gnome-keyring or KeePassXC) "
        "in the desktop session",
    ),
    "win32": ("keyring.backends.Windows", "Windows Credential Manager should always be there"),
    "darwin": ("keyring.backends.macOS", "the macOS Keychain should always be there"),
}


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    detail: str


def run_self_test(out: TextIO | None = None, profile_dir: Path | None = None) -> int:
    """Run every check, print the report, return the exit status (0 all passed, 1 not)."""
    stream = out if out is not None else sys.stdout
    print(_header(), file=stream)
    profile = profile_dir or default_profile_dir()  # --profile, as the app would open
    results = [_run(name, check) for name, check in CHECKS]
    results += [_run(name, partial(check, profile)) for name, check in PROFILE_CHECKS]
    width = max(len(result.name) for result in results)
    for result in results:
        mark = "ok  " if result.ok else "FAIL"
        print(f"  {mark}  {result.name:<{width}}  {result.detail}", file=stream)
    failed = [result.name for result in results if not result.ok]
    if failed:
        print(
            f"Self-test FAILED: {len(failed)} of {len(results)} checks ({', '.join(failed)}).",
            file=stream,
        )
        return 1
    print(f"Self-test passed: all {len(results)} checks ok.", file=stream)
    return 0


def _header() -> str:
    where = f"bundle {Path(sys.executable).parent}" if _frozen() else "source"
    return (
        f"FieldDesk {__version__} self-test ({where}); Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()} {platform.machine()}"
    )


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _run(name: str, check: Callable[[], tuple[bool, str]]) -> Result:
    try:
        ok, detail = check()
    except Exception as error:  # noqa: BLE001 - a broken build raises anything; report it
        return Result(name, False, f"{type(error).__name__}: {error}")
    return Result(name, ok, detail)


def check_qt_platform() -> tuple[bool, str]:
    """Qt starts without a display (the offscreen platform plugin loads)."""
    # The check must not need a screen; restore the caller's choice afterwards.
    previous = os.environ.get("QT_QPA_PLATFORM")
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from PySide6 import __version__ as pyside_version  # noqa: PLC0415 - Qt on demand
        from PySide6.QtCore import qVersion  # noqa: PLC0415
        from PySide6.QtGui import QGuiApplication  # noqa: PLC0415

        app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        platform_name = QGuiApplication.platformName() if app is not None else "none"
    finally:
        if previous is None:
            os.environ.pop("QT_QPA_PLATFORM", None)
        else:
            os.environ["QT_QPA_PLATFORM"] = previous
    return (
        platform_name == "offscreen",
        f"{platform_name} platform loaded (Qt {qVersion()}, PySide6 {pyside_version})",
    )


def check_native_platform_plugin() -> tuple[bool, str]:
    """The plugin that opens real windows is in the build and its libraries load."""
    from PySide6.QtCore import QLibraryInfo, QPluginLoader  # noqa: PLC0415 - Qt on demand

    system = "linux" if sys.platform.startswith("linux") else sys.platform
    if system not in NATIVE_PLATFORM_PLUGINS:
        return True, f"no native plugin expected on {sys.platform}"
    name, filename = NATIVE_PLATFORM_PLUGINS[system]
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    present = sorted(path.name for path in folder.glob("*")) if folder.is_dir() else []
    path = folder / filename
    if not path.exists():
        found = ", ".join(_plugin_name(plugin) for plugin in present) or "none"
        return False, f"{name} plugin missing from {folder} (found: {found})"
    # Loading resolves the plugin's system libraries (on Linux the libxcb-*
    # packages): the usual reason a window cannot open on a fresh machine.
    loader = QPluginLoader(str(path))
    if not loader.load():
        return False, f"{name} plugin present but cannot load: {loader.errorString()}"
    loader.unload()
    others = ", ".join(_plugin_name(plugin) for plugin in present if plugin != filename)
    return True, f"{name} present and loadable (also: {others or 'none'})"


def _plugin_name(filename: str) -> str:
    # libqxcb.so / qwindows.dll / libqcocoa.dylib -> xcb / windows / cocoa
    stem = filename.split(".", maxsplit=1)[0]
    return stem.removeprefix("lib").removeprefix("q")


def check_image_formats() -> tuple[bool, str]:
    """Icons (SVG) and photos (JPEG...) can be shown: the image plugins are there."""
    from PySide6.QtGui import QImageReader  # noqa: PLC0415 - Qt on demand

    supported = {bytes(fmt.data()).decode() for fmt in QImageReader.supportedImageFormats()}
    missing = [fmt for fmt in REQUIRED_IMAGE_FORMATS if fmt not in supported]
    if missing:
        return False, f"missing {', '.join(missing)} (have {', '.join(sorted(supported))})"
    return True, ", ".join(sorted(supported))


def check_sqlite_fts5() -> tuple[bool, str]:
    """The replica's knowledge-base search needs SQLite's FTS5."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(body)")
        connection.execute("INSERT INTO probe (body) VALUES ('printer paper jam')")
        hits = connection.execute("SELECT count(*) FROM probe WHERE probe MATCH 'jam'").fetchone()
    except sqlite3.OperationalError as error:
        return False, f"SQLite {sqlite3.sqlite_version} has no FTS5: {error}"
    finally:
        connection.close()
    return hits == (1,), f"SQLite {sqlite3.sqlite_version} with FTS5 ({cipher.library_version()})"


def check_store() -> tuple[bool, str]:
    """A replica can be created encrypted and migrated to the current schema.

    With a throw-away key, not the keyring's: this checks SQLCipher, the keyring
    has its own line.
    """
    key = secrets.token_bytes(KEY_BYTES)
    with tempfile.TemporaryDirectory(prefix="fielddesk-self-test-") as folder:
        path = Path(folder) / "fielddesk.db"
        db = as_database(cipher.connect(path, key, isolation_level=None))
        try:
            migrate(db)
            version = schema_version(db)
        finally:
            db.close()
        encrypted = cipher.is_encrypted(path)
    return (
        version == SCHEMA_VERSION and encrypted,
        f"created, {'encrypted' if encrypted else 'NOT encrypted'} and migrated a replica in "
        f"a temp folder (schema {version}/{SCHEMA_VERSION})",
    )


def check_encryption(profile_dir: Path) -> tuple[bool, str]:
    """This profile's replica is encrypted and the keyring holds the key that unlocks it."""
    path = Profile(profile_dir).database_path
    library = cipher.library_version()
    if not cipher.is_encrypted(path) and not cipher.is_plaintext(path):
        return True, f"no replica yet in {profile_dir}: it is encrypted when created ({library})"
    if cipher.is_plaintext(path):
        return True, f"{path} is not encrypted yet: FieldDesk encrypts it at its next start"
    try:
        key = load_key(profile_dir)
    except SecretStoreUnavailable as error:
        return False, f"{path} is encrypted; the keyring that holds its key is unusable: {error}"
    if key is None:
        return False, f"{path} is encrypted, but {KEY_GONE}: sign in again for a fresh copy"
    if not cipher.unlocks(path, key):
        return False, f"{path} is encrypted, but the key in the keyring does not unlock it"
    return True, f"{path} is encrypted ({library}) and the keyring holds its key"


def check_keyring() -> tuple[bool, str]:
    """Passwords and tokens need the OS keyring."""
    import keyring  # noqa: PLC0415 - keyring loads its backends on first use
    from keyring.backends import fail  # noqa: PLC0415

    backend = keyring.get_keyring()
    if not isinstance(backend, fail.Keyring):
        return True, f"{type(backend).__module__}.{type(backend).__name__}"
    system = "linux" if sys.platform.startswith("linux") else sys.platform
    module_name, advice = KEYRING_BACKENDS.get(system, ("", "no known keyring for this OS"))
    return False, f"no usable keyring: {_why_unusable(module_name)}; {advice}"


def _why_unusable(module_name: str) -> str:
    if not module_name:
        return "none"
    try:
        module = __import__(module_name, fromlist=["Keyring"])
    except ImportError as error:
        return f"{module_name} is missing from this build ({error})"
    backend_class = next(
        getattr(module, name) for name in ("Keyring", "WinVaultKeyring") if hasattr(module, name)
    )
    try:
        priority = backend_class.priority  # a class property that raises when unusable
    except Exception as error:  # noqa: BLE001 - backends say why in any exception type
        return f"{module_name}: {error}"
    return f"{module_name} is usable (priority {priority}) but was not chosen"


def check_resources() -> tuple[bool, str]:
    """Icons and the RT admin kit ship with the app (source tree or bundle alike)."""
    for parts in REQUIRED_RESOURCES:
        resource_path(*parts)  # raises FileNotFoundError naming the missing file
    root = resources_root()
    icons = len(list((root / "icons").glob("*.svg")))
    extras = [name for name in ("styles", "translations") if (root / name).is_dir()]
    return True, f"{root}: {icons} icons, RT admin kit" + "".join(f", {x}" for x in extras)


def check_tls() -> tuple[bool, str]:
    """HTTPS helpdesks are verified with the OS certificate store, plus IT's ca_file."""
    from sync.connectors import tls  # noqa: PLC0415 - only for this check

    ca_file = load_deployment().ca_file
    tls.ssl_context(ca_file)  # raises DeploymentError for a CA file that cannot be used
    if sys.platform == "linux" and not _linux_ca_store():
        return False, "no system CA certificates (install ca-certificates); HTTPS will fail"
    extra = f" plus {ca_file}" if ca_file else ""
    return True, f"{ssl.OPENSSL_VERSION}, the system's certificate store{extra}"


def _linux_ca_store() -> bool:
    """The places truststore reads trusted CAs from on Linux (OpenSSL's defaults first)."""
    defaults = ssl.get_default_verify_paths()
    candidates = [defaults.cafile, "/etc/ssl/certs/ca-certificates.crt", "/etc/ssl/cert.pem"]
    candidates += ["/etc/pki/tls/cert.pem", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"]
    return any(c and Path(c).is_file() for c in candidates) or bool(
        defaults.capath and any(Path(defaults.capath).glob("*.0"))
    )


def check_deployment() -> tuple[bool, str]:
    """Settings IT deployed (a damaged file is reported, it would confuse sign-in)."""
    deployment = load_deployment()
    if deployment.source is None:
        return True, "none deployed (technicians type the helpdesk address at sign-in)"
    url = deployment.helpdesk_url or "(no address)"
    ca = f", CA file {deployment.ca_file}" if deployment.ca_file else ""
    return True, f"helpdesk {url}{ca} from {deployment.source}"


def check_profile_location(profile_dir: Path) -> tuple[bool, str]:
    """Where this user's data and logs live (for support; never fails)."""
    return True, f"{profile_dir} (logs in its logs/ folder)"


CHECKS: tuple[tuple[str, Callable[[], tuple[bool, str]]], ...] = (
    ("Qt platform", check_qt_platform),
    ("Window plugin", check_native_platform_plugin),
    ("Image formats", check_image_formats),
    ("SQLite", check_sqlite_fts5),
    ("Replica store", check_store),
    ("Keyring", check_keyring),
    ("Resources", check_resources),
    ("HTTPS", check_tls),
    ("Deployed settings", check_deployment),
)
# Checks of the profile the self-test was given (--profile), else the default one.
PROFILE_CHECKS: tuple[tuple[str, Callable[[Path], tuple[bool, str]]], ...] = (
    ("User data", check_profile_location),
    ("Encryption", check_encryption),
)
