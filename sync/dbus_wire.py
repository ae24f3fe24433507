"""Just enough D-Bus for the replica key's read: method calls on the session bus, their replies.

Why not jeepney (which keyring's SecretService backend uses, and FieldDesk did here):
importing it costs a cold start ~15 ms (its enums, ``typing``, the ``socket`` module's
enums), a third of what ``fielddesk visits`` may take beyond a plain ``sqlite3``
script, for a handful of calls.  This speaks the D-Bus specification's wire format
("Message Protocol") as far as those calls need: the session bus over a Unix socket,
EXTERNAL authentication, method calls out, replies and errors in, no file descriptors.
Anything it does not expect raises ``DBusFailure``; its one caller then asks keyring.
"""

from __future__ import annotations

# _socket, the C module: socket.py turns its constants into enums at import (~5 ms).
import _socket
import os
import struct
import time
from typing import Any

# One complete type's alignment, and the struct format of the fixed-size ones.
_ALIGN = {"y": 1, "b": 4, "n": 2, "q": 2, "i": 4, "u": 4, "x": 8, "t": 8, "d": 8, "h": 4}
_ALIGN |= {"s": 4, "o": 4, "g": 1, "a": 4, "(": 8, "{": 8, "v": 1}
_FIXED = {"y": "B", "b": "I", "n": "h", "q": "H", "i": "i", "u": "I", "x": "q", "t": "Q"}
_FIXED |= {"d": "d", "h": "I"}
METHOD_CALL, METHOD_RETURN, ERROR = 1, 2, 3
# Header fields (code: type) this module writes or reads.
PATH, INTERFACE, MEMBER, ERROR_NAME, REPLY_SERIAL, DESTINATION, SIGNATURE = 1, 2, 3, 4, 5, 6, 8
BUS_NAME, BUS_PATH = "org.freedesktop.DBus", "/org/freedesktop/DBus"
MAX_MESSAGE = 1 << 27  # the specification's limit (128 MiB): a larger length is garbage


class DBusFailure(Exception):
    """The bus or the service did not answer as expected (an error reply, a timeout, ...)."""


class Call:
    """One method call: who, which method, and its arguments with their D-Bus signature."""

    __slots__ = ("args", "destination", "interface", "member", "path", "signature")

    def __init__(
        self,
        destination: str,
        path: str,
        interface: str,
        member: str,
        *,
        signature: str = "",
        args: tuple[Any, ...] = (),
    ) -> None:
        self.destination, self.path, self.interface, self.member = (
            destination,
            path,
            interface,
            member,
        )
        self.signature, self.args = signature, args


class SessionBus:
    """A connection to the user's session bus (``with``: closed at the end)."""

    def __init__(self, timeout_s: float) -> None:
        """Waits at most timeout_s to connect and authenticate, and as long for each call."""
        self._timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s
        self._serial = 0
        self._received = bytearray()
        self._socket = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            self._settimeout()
            self._socket.connect(session_bus_address())
            self._authenticate()
            self.call(Call(BUS_NAME, BUS_PATH, BUS_NAME, "Hello"))  # the bus's first question
        except BaseException:
            self._socket.close()
            raise

    def __enter__(self) -> SessionBus:
        return self

    def __exit__(self, *_exc: Any) -> None:
        self._socket.close()

    def call(self, call: Call) -> tuple[Any, ...]:
        """The reply's values; an error reply raises DBusFailure."""
        (reply,) = self.calls(call)
        return reply

    def calls(self, *calls: Call) -> list[tuple[Any, ...]]:
        """The replies' values in order, to calls sent together (one round trip, not one each)."""
        self._deadline = time.monotonic() + self._timeout_s
        serials = []
        for call in calls:
            self._serial += 1
            serials.append(self._serial)
            self._send(_message(self._serial, call))
        replies: dict[int, tuple[Any, ...]] = {}
        while len(replies) < len(serials):
            kind, fields, body = self._receive()
            answered = fields.get(REPLY_SERIAL)
            if answered not in serials or kind not in (METHOD_RETURN, ERROR):
                continue  # a signal (the bus's NameAcquired), or another call's answer
            if kind == ERROR:
                raise DBusFailure(f"{fields.get(ERROR_NAME)}: {body[0] if body else ''}")
            replies[int(answered)] = body
        return [replies[serial] for serial in serials]

    def _authenticate(self) -> None:
        uid = str(os.geteuid()).encode("ascii").hex()
        self._send(b"\0AUTH EXTERNAL " + uid.encode("ascii") + b"\r\n")
        while b"\r\n" not in self._received:
            self._read_more()
        line, _, rest = bytes(self._received).partition(b"\r\n")
        if not line.startswith(b"OK ") or rest:
            raise DBusFailure(f"the bus refused us: {line[:80]!r}")
        self._received.clear()
        self._send(b"BEGIN\r\n")

    def _send(self, data: bytes) -> None:
        self._settimeout()
        self._socket.sendall(data)

    def _receive(self) -> tuple[int, dict[int, Any], tuple[Any, ...]]:
        """The next message: its type, header fields and body values."""
        self._settimeout()  # a bus that keeps talking of other things still runs out of time
        self._need(16)
        endian = {ord("l"): "<", ord("B"): ">"}.get(self._received[0])
        if endian is None:
            raise DBusFailure("a message in no known byte order")
        kind = self._received[1]
        body_length, _serial, fields_length = struct.unpack_from(endian + "III", self._received, 4)
        header_length = 16 + fields_length + (-(16 + fields_length) % 8)
        if header_length + body_length > MAX_MESSAGE:
            raise DBusFailure("a message longer than D-Bus allows")
        self._need(header_length + body_length)
        message = bytes(self._received[: header_length + body_length])
        del self._received[: header_length + body_length]
        try:
            raw_fields, _ = _read(message, 12, "a(yv)", endian)
            fields = {code: value for code, (_signature, value) in raw_fields}
            body: tuple[Any, ...] = ()
            signature = fields.get(SIGNATURE)
            if signature:
                values, _ = _read(message, header_length, f"({signature})", endian)
                body = values
        except (struct.error, IndexError, KeyError, ValueError, TypeError, RecursionError):
            raise DBusFailure("a message that does not follow the D-Bus wire format") from None
        return kind, fields, body

    def _need(self, size: int) -> None:
        while len(self._received) < size:
            self._read_more()

    def _read_more(self) -> None:
        self._settimeout()
        chunk = self._socket.recv(65536)
        if not chunk:
            raise DBusFailure("the bus closed the connection")
        self._received += chunk

    def _settimeout(self) -> None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise DBusFailure("no answer in time")
        self._socket.settimeout(left)


def session_bus_address() -> str:
    """The session bus's socket, as ``DBUS_SESSION_BUS_ADDRESS`` gives it (jeepney's reading:
    the first ``unix:`` address with an ``abstract`` name or a ``path``)."""
    for address in os.environ["DBUS_SESSION_BUS_ADDRESS"].split(";"):
        transport, _, details = address.partition(":")
        if transport != "unix":
            continue
        pairs = dict(pair.split("=", 1) for pair in details.split(","))
        if "abstract" in pairs:
            return "\0" + _unescape(pairs["abstract"])
        if "path" in pairs:
            return _unescape(pairs["path"])
    raise DBusFailure("no unix: address for the session bus")


def _unescape(value: str) -> str:
    """%XX escapes of a D-Bus address value, as the bytes they stand for."""
    parts = value.split("%")
    return parts[0] + "".join(chr(int(part[:2], 16)) + part[2:] for part in parts[1:])


def _message(serial: int, call: Call) -> bytes:
    body = bytearray()
    _write_all(body, call.signature, call.args)
    fields: list[tuple[int, tuple[str, Any]]] = [
        (PATH, ("o", call.path)),
        (INTERFACE, ("s", call.interface)),
        (MEMBER, ("s", call.member)),
        (DESTINATION, ("s", call.destination)),
    ]
    if call.signature:
        fields.append((SIGNATURE, ("g", call.signature)))
    header = bytearray(b"l" + bytes((METHOD_CALL, 0, 1)))
    header += struct.pack("<II", len(body), serial)
    _write(header, "a(yv)", fields)
    _pad(header, 8)
    return bytes(header + body)


def single_types(signature: str) -> list[str]:
    """A signature split into its complete types: "sa{ss}(oayays)" -> s, a{ss}, (oayays)."""
    types, start = [], 0
    while start < len(signature):
        end = _type_end(signature, start)
        types.append(signature[start:end])
        start = end
    return types


def _type_end(signature: str, start: int) -> int:
    at = start
    while signature[at] == "a":
        at += 1
    if signature[at : at + 2] in ("()", "{}"):  # the specification forbids empty containers
        raise DBusFailure(f"an empty container in the signature {signature!r}")
    depth = 0
    while True:  # to the bracket closing the one at `at` (if it is one)
        depth += signature[at] in "({"
        depth -= signature[at] in ")}"
        at += 1
        if depth == 0:
            return at


def _pad(buffer: bytearray, alignment: int) -> None:
    buffer += bytes(-len(buffer) % alignment)


def _write_all(buffer: bytearray, signature: str, values: tuple[Any, ...]) -> None:
    types = single_types(signature)
    if len(types) != len(values):
        raise ValueError(f"{len(values)} values for the signature {signature!r}")
    for one, value in zip(types, values, strict=True):
        _write(buffer, one, value)


def _write(buffer: bytearray, one: str, value: Any) -> None:
    """Append value, of the complete type one, at its alignment (little-endian)."""
    code = one[0]
    _pad(buffer, _ALIGN[code])
    if code in _FIXED:
        buffer += struct.pack("<" + _FIXED[code], value)
    elif code in "so":
        text = str(value).encode("utf-8")
        buffer += struct.pack("<I", len(text)) + text + b"\0"
    elif code == "g":
        text = str(value).encode("ascii")
        buffer += bytes((len(text),)) + text + b"\0"
    elif code == "v":
        signature, inner = value
        _write(buffer, "g", signature)
        _write(buffer, signature, inner)
    elif code == "a":
        length_at = len(buffer)
        buffer += bytes(4)
        _pad(buffer, _ALIGN[one[1]])
        start = len(buffer)
        items = value.items() if one[1] == "{" else value
        for item in items:
            _write(buffer, one[1:], item)
        struct.pack_into("<I", buffer, length_at, len(buffer) - start)
    elif code in "({":
        _write_all(buffer, one[1:-1], tuple(value))
    else:
        raise ValueError(f"D-Bus type {code!r} is not written here")


def _read(data: bytes, at: int, one: str, endian: str) -> tuple[Any, int]:
    """The value of the complete type one at offset at (after its alignment), and the offset
    after it.  ay gives bytes, a{..} a dict, a variant (signature, value), a struct a tuple."""
    code = one[0]
    at += -at % _ALIGN[code]
    if code in _FIXED:
        layout = endian + _FIXED[code]
        (number,) = struct.unpack_from(layout, data, at)
        return (bool(number) if code == "b" else number), at + struct.calcsize(layout)
    if code in "so":
        (length,) = struct.unpack_from(endian + "I", data, at)
        return data[at + 4 : at + 4 + length].decode("utf-8"), at + 5 + length
    if code == "g":
        length = data[at]
        return data[at + 1 : at + 1 + length].decode("ascii"), at + 2 + length
    if code == "v":
        signature, at = _read(data, at, "g", endian)
        value, at = _read(data, at, str(signature), endian)
        return (signature, value), at
    if code == "a":
        (length,) = struct.unpack_from(endian + "I", data, at)
        at += 4
        at += -at % _ALIGN[one[1]]
        end, items = at + length, []
        if end > len(data):
            raise DBusFailure("an array longer than its message")
        if one == "ay":
            return data[at:end], end
        while at < end:
            item, after = _read(data, at, one[1:], endian)
            if after <= at:  # an element of no size would never reach the end
                raise DBusFailure("an array of elements of no size")
            items.append(item)
            at = after
        return (dict(items) if one[1] == "{" else items), end
    if code in "({":
        values = []
        for part in single_types(one[1:-1]):
            value, at = _read(data, at, part, endian)
            values.append(value)
        return tuple(values), at
    raise DBusFailure(f"D-Bus type {code!r} is not read here")
