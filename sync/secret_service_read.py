"""Read one keyring secret straight from the Linux Secret Service, skipping `keyring`.

Why: `keyring` costs a cold start ~200 ms before it asks anything (its imports pull in
urllib/http/ssl, its backend discovery scans package metadata and probes for the macOS
backend), and `secretstorage` then imports `cryptography` for its session.  Opening the
replica needs just one read, so on Linux, when nothing chooses another backend, this asks
the Secret Service over D-Bus (``sync.dbus_wire``, a plain session: the bus is local to the user)
for the item keyring's SecretService backend stores -- same collection, same attributes.

It never decides anything: None means "ask keyring", on any doubt at all (another backend
chosen or configured, no bus, no service, a locked collection or item, no such item, an
unexpected reply).  keyring then gives the answer it always gave, only slower.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sync.dbus_wire import Call, SessionBus

REPLY_TIMEOUT_S = 5.0  # the service may be D-Bus activated, as it would be for keyring
SECRETS = "org.freedesktop.secrets"
SERVICE_IFACE = "org.freedesktop.Secret.Service"
COLLECTION_IFACE = "org.freedesktop.Secret.Collection"
ITEM_IFACE = "org.freedesktop.Secret.Item"
SESSION_IFACE = "org.freedesktop.Secret.Session"
PROPERTIES_IFACE = "org.freedesktop.DBus.Properties"
NO_OBJECT = "/"
SERVICE_PATH = "/org/freedesktop/secrets"
# The spec's path of the default collection, beside its own path (aliases/<name>).
DEFAULT_ALIAS_PATH = "/org/freedesktop/secrets/aliases/default"


def read_secret(service: str, username: str) -> str | None:
    """The secret keyring would return for (service, username), or None: ask keyring."""
    if not _keyring_would_use_secret_service():
        return None
    try:
        return _read_from_default_collection({"service": service, "username": username})
    except Exception:  # noqa: BLE001 - any failure means "ask keyring", which reports it
        return None


def _keyring_would_use_secret_service() -> bool:
    """Linux, and nothing has chosen a backend: not this process, the environment or a file."""
    if sys.platform != "linux":
        return False
    core = sys.modules.get("keyring.core")
    if core is not None and getattr(core, "_keyring_backend", "unknown") is not None:
        return False  # set (a test's MemoryKeyring, the demo's) or not knowable: keyring decides
    if "PYTHON_KEYRING_BACKEND" in os.environ:
        return False
    if any(name.startswith("KEYRING_PROPERTY_") for name in os.environ):
        return False  # e.g. a preferred collection other than the default
    return not _keyring_config_file().exists()


def _keyring_config_file() -> Path:
    """Where keyring reads its configuration on Linux (keyring.util.platform_)."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config_home, "python_keyring", "keyringrc.cfg")


def _read_from_default_collection(attributes: dict[str, str]) -> str | None:
    with SessionBus(REPLY_TIMEOUT_S) as bus:
        try:
            return _read_through_alias_path(bus, attributes)
        except Exception:  # noqa: BLE001 - e.g. a service without the alias path, a locked item
            return _read_through_read_alias(bus, attributes)


def _read_through_alias_path(bus: SessionBus, attributes: dict[str, str]) -> str | None:
    """The quick way: the default collection at its alias path (the spec's "Object Paths";
    secretstorage, which keyring uses, finds it there too), the search and the session
    asked at once, the session left to close with the connection (the spec: a session
    ends when its client disconnects).  Two round trips instead of six; a locked item
    makes GetSecret fail, and the caller then takes the full way."""
    found, opened = bus.calls(_search_items(DEFAULT_ALIAS_PATH, attributes), _open_plain_session())
    (items,), (_, session) = found, opened
    if not items:
        return None
    return _secret(bus, items[0], session)


def _read_through_read_alias(bus: SessionBus, attributes: dict[str, str]) -> str | None:
    """The full way, one question at a time: which collection is the default, is it locked."""
    (collection,) = bus.call(
        Call(SECRETS, SERVICE_PATH, SERVICE_IFACE, "ReadAlias", signature="s", args=("default",))
    )
    if collection == NO_OBJECT:
        return None
    ((_, locked),) = bus.call(
        Call(
            SECRETS,
            str(collection),
            PROPERTIES_IFACE,
            "Get",
            signature="ss",
            args=(COLLECTION_IFACE, "Locked"),
        )
    )
    if locked:
        return None  # keyring asks the user to unlock it
    (items,) = bus.call(_search_items(str(collection), attributes))
    if not items:
        return None
    _, session = bus.call(_open_plain_session())
    try:
        return _secret(bus, items[0], session)
    finally:
        bus.call(Call(SECRETS, str(session), SESSION_IFACE, "Close"))


def _search_items(collection: str, attributes: dict[str, str]) -> Call:
    return Call(
        SECRETS, collection, COLLECTION_IFACE, "SearchItems", signature="a{ss}", args=(attributes,)
    )


def _open_plain_session() -> Call:
    return Call(
        SECRETS,
        SERVICE_PATH,
        SERVICE_IFACE,
        "OpenSession",
        signature="sv",
        args=("plain", ("s", "")),
    )


def _secret(bus: SessionBus, item: str, session: str) -> str:
    """The secret of item (keyring's pick: the first found), through the plain session."""
    ((_, _, value, _),) = bus.call(
        Call(SECRETS, item, ITEM_IFACE, "GetSecret", signature="o", args=(session,))
    )
    return bytes(value).decode("utf-8")
