"""Read one keyring secret straight from the Linux Secret Service, skipping `keyring`.

Why: `keyring` costs a cold start ~200 ms before it asks anything (its imports pull in
urllib/http/ssl, its backend discovery scans package metadata and probes for the macOS
backend), and `secretstorage` then imports `cryptography` for its session.  Opening the
replica needs just one read, so on Linux, when nothing chooses another backend, this asks
the Secret Service over D-Bus (`jeepney`, a plain session: the bus is local to the user)
for the item keyring's SecretService backend stores -- same collection, same attributes.

It never decides anything: None means "ask keyring", on any doubt at all (another backend
chosen or configured, no bus, no service, a locked collection or item, no such item, an
unexpected reply).  keyring then gives the answer it always gave, only slower.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jeepney import Message
    from jeepney.io.blocking import DBusConnection

REPLY_TIMEOUT_S = 5.0  # the service may be D-Bus activated, as it would be for keyring
SECRETS = "org.freedesktop.secrets"
SERVICE_IFACE = "org.freedesktop.Secret.Service"
COLLECTION_IFACE = "org.freedesktop.Secret.Collection"
ITEM_IFACE = "org.freedesktop.Secret.Item"
SESSION_IFACE = "org.freedesktop.Secret.Session"
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
    # Imported here: a replica in memory or the benchmarks' plaintext one never asks.
    from jeepney.io.blocking import open_dbus_connection  # noqa: PLC0415

    with open_dbus_connection("SESSION") as bus:
        try:
            return _read_through_alias_path(bus, attributes)
        except Exception:  # noqa: BLE001 - e.g. a service without the alias path, a locked item
            return _read_through_read_alias(bus, attributes)


def _read_through_alias_path(bus: DBusConnection, attributes: dict[str, str]) -> str | None:
    """The quick way: the default collection at its alias path (the spec's "Object Paths";
    secretstorage, which keyring uses, finds it there too), the search and the session
    asked at once, the session left to close with the connection (the spec: a session
    ends when its client disconnects).  Two round trips instead of six; a locked item
    makes GetSecret fail, and the caller then takes the full way."""
    from jeepney import DBusAddress, new_method_call  # noqa: PLC0415

    secrets = DBusAddress(SERVICE_PATH, bus_name=SECRETS, interface=SERVICE_IFACE)
    collection = DBusAddress(DEFAULT_ALIAS_PATH, bus_name=SECRETS, interface=COLLECTION_IFACE)
    found, opened = _calls(
        bus,
        new_method_call(collection, "SearchItems", "a{ss}", (attributes,)),
        new_method_call(secrets, "OpenSession", "sv", ("plain", ("s", ""))),
    )
    (items,), (_, session) = found, opened
    if not items:
        return None
    item = DBusAddress(items[0], bus_name=SECRETS, interface=ITEM_IFACE)  # keyring's pick
    ((_, _, value, _),) = _call(bus, new_method_call(item, "GetSecret", "o", (session,)))
    return bytes(value).decode("utf-8")


def _read_through_read_alias(bus: DBusConnection, attributes: dict[str, str]) -> str | None:
    """The full way, one question at a time: which collection is the default, is it locked."""
    from jeepney import DBusAddress, Properties, new_method_call  # noqa: PLC0415

    secrets = DBusAddress(SERVICE_PATH, bus_name=SECRETS, interface=SERVICE_IFACE)
    (collection_path,) = _call(bus, new_method_call(secrets, "ReadAlias", "s", ("default",)))
    if collection_path == NO_OBJECT:
        return None
    collection = DBusAddress(collection_path, bus_name=SECRETS, interface=COLLECTION_IFACE)
    ((_, locked),) = _call(bus, Properties(collection).get("Locked"))
    if locked:
        return None  # keyring asks the user to unlock it
    (items,) = _call(bus, new_method_call(collection, "SearchItems", "a{ss}", (attributes,)))
    if not items:
        return None
    plain = new_method_call(secrets, "OpenSession", "sv", ("plain", ("s", "")))
    _, session = _call(bus, plain)
    try:
        item = DBusAddress(items[0], bus_name=SECRETS, interface=ITEM_IFACE)  # keyring's pick
        ((_, _, value, _),) = _call(bus, new_method_call(item, "GetSecret", "o", (session,)))
    finally:
        closing = DBusAddress(session, bus_name=SECRETS, interface=SESSION_IFACE)
        _call(bus, new_method_call(closing, "Close"))
    return bytes(value).decode("utf-8")


def _calls(bus: DBusConnection, *messages: Message) -> list[tuple[Any, ...]]:
    """The replies' bodies, in order, to messages sent together (one round trip, not
    one each); an error reply raises."""
    from jeepney import HeaderFields  # noqa: PLC0415
    from jeepney.wrappers import unwrap_msg  # noqa: PLC0415

    serials = [next(bus.outgoing_serial) for _ in messages]
    for serial, message in zip(serials, messages, strict=True):
        bus.send(message, serial=serial)
    replies: dict[int, Message] = {}
    deadline = time.monotonic() + REPLY_TIMEOUT_S
    while len(replies) < len(serials):
        incoming = bus.receive(timeout=max(deadline - time.monotonic(), 0.0))
        reply_to = incoming.header.fields.get(HeaderFields.reply_serial)
        if reply_to in serials:
            replies[reply_to] = incoming
    return [unwrap_msg(replies[serial]) for serial in serials]


def _call(bus: DBusConnection, message: Message) -> tuple[Any, ...]:
    """The reply's body; an error reply raises."""
    from jeepney.wrappers import unwrap_msg  # noqa: PLC0415

    body: tuple[Any, ...] = unwrap_msg(bus.send_and_get_reply(message, timeout=REPLY_TIMEOUT_S))
    return body
