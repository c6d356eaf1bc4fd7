"""The agent seen by a client that judges it the way a Route 53 HTTP_STR_MATCH check does.

Route 53 (Developer Guide, "How Route 53 determines whether a health check is healthy"):
the TCP connection must be set up within 4 s, a 2xx or 3xx status must come within 2 s of
connecting, and the search string must appear in the first 5,120 bytes of the body.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from infra.naming import HEALTH_SEARCH_STRING
from tests.node.conftest import Agent, SilentPeer, Sipp

CONNECT_TIMEOUT = 4.0
RESPONSE_TIMEOUT = 2.0
SEARCH_WINDOW = 5120


@dataclass(frozen=True)
class Verdict:
    healthy: bool
    why: str


def route53_check(host: str, port: int, path: str, search: str) -> Verdict:
    try:
        sock = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT)
    except OSError as err:
        return Verdict(False, f"no TCP connection within {CONNECT_TIMEOUT} s: {err}")
    deadline = time.monotonic() + RESPONSE_TIMEOUT
    with sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
            "User-Agent: Amazon-Route53-Health-Check-Service (ref test; report http://amzn.to/1vsZADi)\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n".encode()
        )
        data = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return Verdict(False, f"no complete answer within {RESPONSE_TIMEOUT} s")
            sock.settimeout(remaining)
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                return Verdict(False, f"no complete answer within {RESPONSE_TIMEOUT} s")
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0].decode()
    status = int(status_line.split()[1])
    if not 200 <= status < 400:
        return Verdict(False, f"status {status}")
    if search.encode() not in body[:SEARCH_WINDOW]:
        return Verdict(False, f"{search!r} not in the first {SEARCH_WINDOW} bytes")
    return Verdict(True, status_line)


def test_route53_sees_sip_ok(sipp: Callable[..., Sipp], agent: Callable[..., Agent]) -> None:
    server = sipp("uas_options_200.xml")
    health = agent(server.port, timeout=1.0)
    verdict = route53_check("127.0.0.1", health.port, "/health", HEALTH_SEARCH_STRING)
    assert verdict == Verdict(True, "HTTP/1.0 200 OK")


def test_route53_sees_a_503_as_unhealthy(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    server = sipp("uas_options_503.xml")
    health = agent(server.port, timeout=1.0)
    verdict = route53_check("127.0.0.1", health.port, "/health", HEALTH_SEARCH_STRING)
    assert verdict == Verdict(False, "status 503")


def test_checkers_arriving_together_while_sip_is_silent_get_an_answer_in_time(
    silent_peer: SilentPeer, agent: Callable[..., Agent]
) -> None:
    # With the default 1 s probe timeout, a check that waits for an in-flight probe still
    # gets its (unhealthy) answer inside Route 53's 2 s, so it counts as a clean failure.
    health = agent(silent_peer.port, timeout=1.0, cache=1.0)

    def check(delay: float) -> Verdict:
        time.sleep(delay)
        return route53_check("127.0.0.1", health.port, "/health", HEALTH_SEARCH_STRING)

    with ThreadPoolExecutor(max_workers=20) as pool:
        verdicts = list(pool.map(check, [i * 0.1 for i in range(20)]))
    assert verdicts == [Verdict(False, "status 503")] * 20
