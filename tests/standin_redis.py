"""A Redis stand-in on a local port, for fault tests (Redis is an edge we do not own).

It speaks enough of the Redis protocol for the portal's cache (PING, SELECT, CLIENT, GET, MGET, SET with EX/NX,
DEL) and keeps its data in a dict. `hang()` makes it behave as a Redis stuck in a long command or behind a dead
link: connections are still accepted, commands are read, nothing is ever answered. `answer()` brings it back
with its data intact, as a Redis that recovers without restarting.
"""

from __future__ import annotations

import socket
import threading
import time


class StandInRedis:
    def __init__(self) -> None:
        self.data: dict[bytes, tuple[bytes, float | None]] = {}
        self.hung = threading.Event()
        self.commands = 0  # answered or not
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(64)
        self.port = self._server.getsockname()[1]
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def hang(self) -> None:
        self.hung.set()

    def answer(self) -> None:
        self.hung.clear()

    def close(self) -> None:
        self._closed = True
        self._server.close()
        with self._lock:
            for connection in self._connections:
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                connection.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            with self._lock:
                self._connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        reader = connection.makefile("rb")
        try:
            while True:
                command = _read_command(reader)
                if command is None:
                    return
                self.commands += 1
                if self.hung.is_set():
                    continue  # read, never answered
                connection.sendall(self._run(command))
        except (OSError, ValueError):
            return
        finally:
            reader.close()

    def _get(self, key: bytes) -> bytes | None:
        value = self.data.get(key)
        if value is None or (value[1] is not None and value[1] <= time.monotonic()):
            return None
        return value[0]

    def _run(self, command: list[bytes]) -> bytes:
        name, args = command[0].upper(), command[1:]
        if name == b"PING":
            return b"+PONG\r\n"
        if name in (b"SELECT", b"CLIENT"):
            return b"+OK\r\n"
        if name == b"GET":
            return _bulk(self._get(args[0]))
        if name == b"MGET":
            return b"*%d\r\n" % len(args) + b"".join(_bulk(self._get(key)) for key in args)
        if name == b"SET":
            key, value, options = args[0], args[1], [option.upper() for option in args[2:]]
            if b"NX" in options and self._get(key) is not None:
                return b"$-1\r\n"
            expires = None
            if b"EX" in options:
                expires = time.monotonic() + int(args[2 + options.index(b"EX") + 1])
            self.data[key] = (value, expires)
            return b"+OK\r\n"
        if name == b"DEL":
            return b":%d\r\n" % sum(self.data.pop(key, None) is not None for key in args)
        return b"-ERR unknown command '%s'\r\n" % name


def _bulk(value: bytes | None) -> bytes:
    return b"$-1\r\n" if value is None else b"$%d\r\n%s\r\n" % (len(value), value)


def _read_command(reader) -> list[bytes] | None:
    line = reader.readline()
    if not line:
        return None
    if not line.startswith(b"*"):
        return line.split()  # an inline command
    parts = []
    for _ in range(int(line[1:])):
        length = int(reader.readline()[1:])
        parts.append(reader.read(length + 2)[:-2])
    return parts
