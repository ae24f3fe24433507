"""The replica key's D-Bus client writes and reads the specification's wire format.

The calls themselves are tested against a real gnome-keyring
(``tests/sync/test_secret_service_read.py``); these pin the encoding of the values
those calls send and get back, and how the session bus's address is read.
"""

from __future__ import annotations

import pytest

from sync import dbus_wire
from sync.dbus_wire import DBusFailure, single_types


@pytest.mark.parametrize(
    ("signature", "value"),
    [
        ("s", "Grüße"),
        ("o", "/org/freedesktop/secrets/collection/login"),
        ("a{ss}", {"service": "FieldDesk", "username": "replica-key:/home/alice"}),
        ("sv", ("plain", ("s", ""))),
        ("ao", ["/a/1", "/a/2"]),
        ("(oayays)", ("/s/1", b"", b"\x00\xffkey", "text/plain")),
        ("a(yv)", [(1, ("o", "/x")), (8, ("g", "a{ss}")), (5, ("u", 7))]),
        ("byyiux", (True, 3, 255, -2, 2**32 - 1, -(2**40))),
        ("ai", []),
    ],
)
def test_a_value_reads_back_as_it_was_written(signature: str, value: object) -> None:
    values = value if len(single_types(signature)) > 1 else (value,)
    buffer = bytearray(b"\x01")  # off alignment: every value is padded as in a message
    dbus_wire._write_all(buffer, signature, values)  # type: ignore[arg-type]
    read, at = [], 1
    for one in single_types(signature):
        value_read, at = dbus_wire._read(bytes(buffer), at, one, "<")
        read.append(value_read)
    assert at == len(buffer)
    assert tuple(read) == tuple(values)  # type: ignore[arg-type]


def test_a_signature_splits_into_complete_types() -> None:
    assert single_types("sa{ss}(oayays)aav") == ["s", "a{ss}", "(oayays)", "aav"]
    assert single_types("") == []


@pytest.mark.parametrize(
    ("address", "socket"),
    [
        ("unix:path=/run/user/1000/bus", "/run/user/1000/bus"),
        ("unix:abstract=/tmp/dbus-Xy,guid=0123", "\0/tmp/dbus-Xy"),
        ("tcp:host=localhost,port=1;unix:path=/tmp/my%20bus", "/tmp/my bus"),
    ],
)
def test_the_session_bus_is_found_as_jeepney_finds_it(
    address: str, socket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    assert dbus_wire.session_bus_address() == socket


def test_a_bus_on_no_unix_socket_is_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "tcp:host=localhost,port=1")
    with pytest.raises(DBusFailure):
        dbus_wire.session_bus_address()
