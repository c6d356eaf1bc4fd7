"""The health agent's HTTP side against raw, hostile and careless clients: every bad request
is one short answer and a closed connection, never a traceback, never a log line."""

from __future__ import annotations

import contextlib
import os
import select
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack

import pytest

from tests.node.conftest import Agent, Sipp
from tests.node.test_health_agent_attack import ALLOWED_LOG

REQUEST_SECONDS = 2.5  # the agent's bound from accept to the end of the headers
PER_SOURCE = 16  # connections the agent holds per address


def exchange(port: int, data: bytes, *, source: str = "127.0.0.1") -> bytes:
    """Send `data`, then read the answer until the agent closes (at most 5 s)."""
    with socket.create_connection(
        ("127.0.0.1", port), timeout=5, source_address=(source, 0)
    ) as sock:
        # The agent may refuse before it has read everything; its answer still counts.
        with contextlib.suppress(OSError):
            sock.sendall(data)
        answer = b""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            answer += chunk
        return answer


def status_of(answer: bytes) -> int:
    assert answer.startswith(b"HTTP/1.0 "), answer[:200]
    return int(answer[9:12])


def is_closed(sock: socket.socket, wait: float = 0.2) -> bool:
    """Whether the agent has closed `sock` (EOF or reset within `wait` seconds)."""
    readable, _, _ = select.select([sock], [], [], wait)
    if not readable:
        return False
    try:
        return sock.recv(65536) == b""
    except ConnectionResetError:
        return True


@pytest.fixture
def served(sipp: Callable[..., Sipp], agent: Callable[..., Agent]) -> Iterator[Agent]:
    server = sipp("uas_options_200.xml")
    health = agent(server.port)
    yield health
    assert health.stop() == 0
    log = health.log()
    assert "Traceback" not in log
    assert all(ALLOWED_LOG.fullmatch(line) for line in log.splitlines()), log[-2000:]


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET http://[/health HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET http://pbx1.example.com/health HTTP/1.1\r\n\r\n",
        b"GET /health HTTP/2.0\r\n\r\n",
        b"GET /health\r\n\r\n",
        b"GET  /health HTTP/1.1\r\n\r\n",
        b"GET /he alth HTTP/1.1\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(500),  # a TLS hello
        b"\x00" * 64 + b"\r\n\r\n",
        b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n\r\n",  # a 100 KB request line
        b"A" * 100_000,
        b"GET /health HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: x\r\n folded: header\r\n\r\n",
        b"GET /health HTTP/1.1\r\nContent-Length: lots\r\n\r\n",
    ],
    ids=[
        "broken-absolute-url", "absolute-url", "http2", "http09", "double-space", "space-in-path",
        "tls-hello", "nul-bytes", "100kb-line", "100kb-no-space", "header-without-colon",
        "folded-header", "bad-content-length",
    ],
)  # fmt: skip
def test_malformed_requests_are_400(served: Agent, request_bytes: bytes) -> None:
    answer = exchange(served.port, request_bytes)
    assert status_of(answer) == 400
    assert answer.endswith(b"\r\n\r\nbad request")
    assert served.request() == (200, "SIP OK")


@pytest.mark.parametrize("method", [b"POST", b"PUT", b"DELETE", b"OPTIONS", b"BREW", b"get"])
def test_other_methods_are_405(served: Agent, method: bytes) -> None:
    answer = exchange(served.port, method + b" /health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status_of(answer) == 405
    assert b"\r\nAllow: GET, HEAD\r\n" in answer


def test_405_comes_before_the_body_is_read(served: Agent) -> None:
    answer = exchange(served.port, b"POST /health HTTP/1.1\r\nContent-Length: 999999\r\n\r\n")
    assert status_of(answer) == 405


@pytest.mark.parametrize(
    "headers",
    [b"Content-Length: 5\r\n", b"Transfer-Encoding: chunked\r\n"],
    ids=["length", "chunked"],
)
def test_a_request_body_is_413(served: Agent, headers: bytes) -> None:
    answer = exchange(served.port, b"GET /health HTTP/1.1\r\n" + headers + b"\r\nhello")
    assert status_of(answer) == 413


def test_an_empty_content_length_is_fine(served: Agent) -> None:
    answer = exchange(served.port, b"GET /health HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
    assert status_of(answer) == 200 and answer.endswith(b"\r\n\r\nSIP OK")


def test_headers_over_8_kib_are_431(served: Agent) -> None:
    headers = b"".join(b"X-Filler-%d: %s\r\n" % (n, b"b" * 100) for n in range(100))
    answer = exchange(served.port, b"GET /health HTTP/1.1\r\n" + headers + b"\r\n")
    assert status_of(answer) == 431
    one_huge = b"GET /health HTTP/1.1\r\nX-Huge: " + b"c" * 1_000_000 + b"\r\n\r\n"
    assert status_of(exchange(served.port, one_huge)) == 431


def test_a_request_with_bare_newlines_is_served(served: Agent) -> None:
    answer = exchange(served.port, b"GET /health?x=1 HTTP/1.0\nUser-Agent: old\n\n")
    assert status_of(answer) == 200 and answer.endswith(b"\r\n\r\nSIP OK")
    assert b"\r\nConnection: close\r\n" in answer and b"\r\nCache-Control: no-store\r\n" in answer


def test_a_request_slower_than_the_bound_is_closed(served: Agent) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        time.sleep(1)
        sock.sendall(b"X-Still: here\r\n")  # data keeps coming, but too slowly
        answer = sock.recv(65536)
        elapsed = time.monotonic() - started
        assert status_of(answer) == 408
        assert REQUEST_SECONDS - 0.1 <= elapsed < REQUEST_SECONDS + 1  # the agent starts first
        while not is_closed(sock):
            assert time.monotonic() - started < REQUEST_SECONDS + 2, "never closed"


def test_a_request_completed_just_in_time_gets_its_answer(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    # The head ends shortly before the bound, and the probe (300 ms) runs past it: the bound
    # is on the request, not on the answer.
    server = sipp("uas_options_slow_200.xml")
    health = agent(server.port, cache=0, timeout=1.0)
    with socket.create_connection(("127.0.0.1", health.port), timeout=5) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")
        time.sleep(REQUEST_SECONDS - 0.2)
        sock.sendall(b"\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert status_of(answer) == 200 and answer.endswith(b"\r\n\r\nSIP OK")


def test_an_idle_connection_is_closed_after_the_bound(served: Agent) -> None:
    with socket.create_connection(("127.0.0.1", served.port), timeout=5) as sock:
        started = time.monotonic()
        assert status_of(sock.recv(65536)) == 408
        assert REQUEST_SECONDS - 0.1 <= time.monotonic() - started < REQUEST_SECONDS + 1


def test_one_address_holds_at_most_its_share(served: Agent) -> None:
    with ExitStack() as stack:

        def idle(source: str) -> socket.socket:
            sock = socket.create_connection(
                ("127.0.0.1", served.port), timeout=5, source_address=(source, 0)
            )
            stack.callback(sock.close)
            return sock

        # All within the agent's request time bound, which would close them too.
        neighbour = idle("127.0.4.2")
        flooder = [idle("127.0.4.1") for _ in range(PER_SOURCE)]
        time.sleep(0.2)  # let the agent accept them all
        assert not is_closed(flooder[0])
        newcomer = idle("127.0.4.1")  # one too many: the oldest from that address makes room
        assert is_closed(flooder[0])
        assert not is_closed(flooder[1]) and not is_closed(newcomer)
        assert not is_closed(neighbour)
        # That address is still served, and so is everyone else.
        assert served.request(source="127.0.4.1") == (200, "SIP OK")
        assert served.request(source="127.0.4.3") == (200, "SIP OK")
        assert not is_closed(neighbour)


def test_a_full_table_makes_room_by_closing_the_oldest_unfinished_request(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    # 64 open files leave the agent room for 32 connections.
    server = sipp("uas_options_200.xml")
    health = agent(server.port, launcher=["prlimit", "--nofile=64", "--"])
    with ExitStack() as stack:
        held = []
        for n in range(32):
            sock = socket.create_connection(
                ("127.0.0.1", health.port), timeout=5, source_address=(f"127.0.5.{n // 2 + 1}", 0)
            )
            stack.callback(sock.close)
            held.append(sock)
            time.sleep(0.01)  # accepted in this order
        time.sleep(0.2)
        assert health.request(source="127.0.6.1") == (200, "SIP OK")
        assert is_closed(held[0])
        assert not is_closed(held[2]) and not is_closed(held[3])
    assert health.stop() == 0
    assert "Traceback" not in health.log()


def test_head_answers_headers_only(served: Agent) -> None:
    answer = exchange(served.port, b"HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 200 OK\r\n")
    assert b"\r\nContent-Length: 6\r\n" in answer and answer.endswith(b"\r\n\r\n")
