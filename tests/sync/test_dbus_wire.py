"""The replica key's D-Bus client writes and reads the specification's wire format.

The calls themselves are tested against a real gnome-keyring
(``tests/sync/test_secret_service_read.py``); these pin the encoding of the values
those calls send and get back, and how the session bus's address is read.
"""

from __future__ import annotations

import socket
import struct
import time

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


def test_a_reply_in_big_endian_order_reads_as_little_endian_does() -> None:
    # ao ["/a", "/b"], as a bus on a big-endian machine sends it
    data = struct.pack(">I", 15) + struct.pack(">I", 2) + b"/a\0\0" + struct.pack(">I", 2) + b"/b\0"
    assert dbus_wire._read(data, 0, "ao", ">") == (["/a", "/b"], len(data))


@pytest.mark.parametrize(
    ("signature", "data"),
    [
        ("a()", struct.pack("<I", 8) + bytes(8)),  # elements of no size: never at the end
        ("ay", struct.pack("<I", 1 << 20) + b"abc"),  # longer than the message
        ("ao", struct.pack("<I", 64) + b"\x05"),  # cut short
        ("s", struct.pack("<I", 2) + b"\xff\xfe\0"),  # not UTF-8
    ],
)
def test_a_malformed_reply_is_a_failure_not_a_hang(signature: str, data: bytes) -> None:
    with pytest.raises((DBusFailure, struct.error, ValueError)):
        dbus_wire._read(data, 0, signature, "<")


def test_a_signature_with_an_empty_container_is_refused() -> None:
    with pytest.raises(DBusFailure):
        single_types("sa{}")


def _reply(signature: str, body: bytes) -> bytes:
    """A method return to call 1, as a bus sends it."""
    message = bytearray(b"l" + bytes((dbus_wire.METHOD_RETURN, 0, 1)))
    message += struct.pack("<II", len(body), 7)
    fields = [(dbus_wire.REPLY_SERIAL, ("u", 1)), (dbus_wire.SIGNATURE, ("g", signature))]
    dbus_wire._write(message, "a(yv)", fields)
    message += bytes(-len(message) % 8)
    return bytes(message) + body


@pytest.mark.parametrize(
    ("signature", "body", "read"),
    [
        ("ao", struct.pack("<I", 7) + struct.pack("<I", 2) + b"/a\0", (["/a"],)),
        ("a()", struct.pack("<I", 8) + bytes(8), DBusFailure),  # elements of no size
    ],
)
def test_what_the_bus_sends_is_read_or_refused(signature: str, body: bytes, read: object) -> None:
    ours, bus_end = socket.socketpair()
    bus = object.__new__(dbus_wire.SessionBus)  # connected and authenticated, as after Hello
    bus._socket, bus._received, bus._timeout_s = ours, bytearray(), 2.0
    bus._deadline = time.monotonic() + 2.0
    bus_end.sendall(_reply(signature, body))
    try:
        if read is DBusFailure:
            with pytest.raises(DBusFailure):
                bus._receive()
        else:
            assert bus._receive() == (dbus_wire.METHOD_RETURN, {5: 1, 8: signature}, read)
    finally:
        ours.close()
        bus_end.close()
