"""Probe a running API's HTTP edges with raw sockets (what an HTTP client library would refuse to send):
a 64 KB URL, a 1 MB header, a raw invalid byte, a Host to be reflected, a request head never finished.

    python scripts/http_edges.py PORT      # prints each answer's first bytes and how long it took

docs/reliability.md lists what it printed against scripts/run.sh's uvicorn command."""

from __future__ import annotations

import socket
import sys
import time


def send(port: int, data: bytes, timeout: float = 60.0) -> tuple[float, bytes]:
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.settimeout(timeout)
        started = time.monotonic()
        s.sendall(data)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
        except OSError as exc:
            answer += repr(exc).encode()
        return round(time.monotonic() - started, 2), answer[:300]


def main(port: int) -> None:
    end = b"Host: x\r\nConnection: close\r\n\r\n"
    probes = {
        "64 KB URL": b"GET /actors?q=" + b"a" * 65536 + b" HTTP/1.1\r\n" + end,
        "1 MB header": b"GET /health/live HTTP/1.1\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n" + end,
        "raw invalid byte": b"GET /actors?q=\xff\x00 HTTP/1.1\r\n" + end,
        "Host reflection": b"GET /actors/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        "head never finished": b"GET /health/live HTTP/1.1\r\nHost: x\r\n",
    }
    for name, data in probes.items():
        took, answer = send(port, data)
        print(f"{name}: {took} s: {answer!r}")


if __name__ == "__main__":
    main(int(sys.argv[1]))
