"""The one mock of the test suite: a fake Neo4j endpoint, because no Neo4j server can run here.

:class:`FakeBolt` listens on 127.0.0.1 (ephemeral port) in a thread and speaks just enough Bolt 5.4
for the official driver to hear "wrong user name or password": it agrees on 5.4 in the handshake,
answers HELLO with SUCCESS and LOGON with the FAILURE a real server sends
(``Neo.ClientError.Security.Unauthorized``). Every byte received is kept in ``received`` so a test
can prove the password really was sent, and so that its absence from messages means something.

Modes other than ``"auth"`` stand for endpoints that are not Neo4j: ``"close"`` accepts and hangs
up at once, ``"http"`` answers like an HTTP server (Neo4j's browser port 7474), ``"garbage"``
sends bytes that are no Bolt handshake answer.
"""
from __future__ import annotations

import socket
import struct
import threading

MAGIC = b"\x60\x60\xb0\x17"
BOLT_5_4 = b"\x00\x00\x04\x05"  # v1-style handshake answer: minor 4, major 5
UNAUTHORIZED = {"code": "Neo.ClientError.Security.Unauthorized",
                "message": "The client is unauthorized due to authentication failure."}
HELLO, GOODBYE, RESET, LOGON = 0x01, 0x02, 0x0F, 0x6A
SUCCESS, FAILURE = 0x70, 0x7F


def pack(value) -> bytes:
    """PackStream for the few value kinds the answers need (str, small int, dict)."""
    if isinstance(value, str):
        data = value.encode()
        head = bytes([0x80 + len(data)]) if len(data) < 16 else b"\xd0" + bytes([len(data)])
        return head + data
    if isinstance(value, int) and -16 <= value < 128:
        return struct.pack(">b", value)
    if isinstance(value, dict) and len(value) < 16:
        return bytes([0xA0 + len(value)]) + b"".join(pack(k) + pack(v) for k, v in value.items())
    raise TypeError(f"fake Bolt cannot pack {value!r}")


def message(tag: int, metadata: dict) -> bytes:
    """One chunked Bolt message: a one-field struct, one chunk, then the 0x0000 end marker."""
    body = bytes([0xB1, tag]) + pack(metadata)
    return struct.pack(">H", len(body)) + body + b"\x00\x00"


class FakeBolt:
    """A thread-based TCP server; use as a context manager so it stops when the test ends."""

    def __init__(self, mode: str = "auth") -> None:
        assert mode in ("auth", "close", "http", "garbage", "silent")
        self.mode = mode
        self.received = bytearray()
        self.messages: list[int] = []  # tags of the Bolt messages the client sent
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name=f"fake-bolt-{mode}", daemon=True)

    @property
    def url(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def __enter__(self) -> "FakeBolt":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    # ------------------------------------------------------------------ server side

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(5)
                try:
                    self._answer(conn)
                except (OSError, ConnectionError):
                    pass  # the driver hung up; wait for its next attempt

    def _recv(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError("client closed")
            self.received += part
            data += part
        return data

    def _answer(self, conn: socket.socket) -> None:
        if self.mode == "close":
            return
        if self.mode == "silent":  # accepts, then never says a word: only the client's deadline ends it
            self._stop.wait()
            return
        self._recv(conn, 20)  # magic preamble + four version offers
        if self.mode == "http":
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        if self.mode == "garbage":
            conn.sendall(b"\x13\x37")  # two bytes where four were due, then hang up
            return
        conn.sendall(BOLT_5_4)
        while True:
            tag = self._read_message(conn)
            self.messages.append(tag)
            if tag == HELLO:
                conn.sendall(message(SUCCESS, {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}))
            elif tag == LOGON:
                conn.sendall(message(FAILURE, UNAUTHORIZED))
            elif tag == RESET:
                conn.sendall(message(SUCCESS, {}))
            else:  # GOODBYE or anything a failed login should not lead to
                return

    def _read_message(self, conn: socket.socket) -> int:
        """Read one chunked message; return its struct tag."""
        body = b""
        while True:
            (size,) = struct.unpack(">H", self._recv(conn, 2))
            if size == 0:
                if body:
                    return body[1]
                continue  # a NOOP keep-alive chunk
            body += self._recv(conn, size)
