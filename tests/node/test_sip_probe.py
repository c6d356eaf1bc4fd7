"""probe_sip_options against real SIP peers: sipp, a silent socket, a closed port."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import pytest

from infra.node.health_agent import SipProbeResult, probe_sip_options
from tests.node.conftest import ScriptedPeer, SilentPeer, Sipp, free_port, sip_response


def test_200_is_alive(sipp: Callable[..., Sipp]) -> None:
    server = sipp("uas_options_200.xml")
    result = probe_sip_options("127.0.0.1", server.port, timeout=1.0)
    assert (result.alive, result.status, result.reason) == (True, 200, "SIP OK")
    assert result.rtt_ms is not None and 0 < result.rtt_ms < 1000
    assert server.options_received() == 1


def test_503_is_not_alive(sipp: Callable[..., Sipp]) -> None:
    server = sipp("uas_options_503.xml")
    result = probe_sip_options("127.0.0.1", server.port, timeout=1.0)
    assert (result.alive, result.status, result.reason) == (False, 503, "SIP 503")
    assert result.rtt_ms is not None


def test_provisional_response_is_skipped(sipp: Callable[..., Sipp]) -> None:
    server = sipp("uas_options_slow_200.xml")
    result = probe_sip_options("127.0.0.1", server.port, timeout=1.0)
    assert (result.alive, result.status) == (True, 200)
    assert result.rtt_ms is not None and result.rtt_ms >= 290


def test_malformed_response_is_seen_at_once(sipp: Callable[..., Sipp]) -> None:
    server = sipp("uas_options_malformed.xml")
    started = time.monotonic()
    result = probe_sip_options("127.0.0.1", server.port, timeout=2.0)
    assert result == SipProbeResult(False, None, "SIP MALFORMED", None)
    assert time.monotonic() - started < 1.0  # it carried our Call-ID: no need to wait


def test_ipv6(sipp: Callable[..., Sipp]) -> None:
    server = sipp("uas_options_200.xml", host="::1")
    result = probe_sip_options("::1", server.port, timeout=1.0)
    assert (result.alive, result.reason) == (True, "SIP OK")
    assert server.options_received() == 1


@pytest.mark.parametrize("timeout", [0.3, 1.0])
def test_no_answer_times_out_on_time(silent_peer: SilentPeer, timeout: float) -> None:
    started = time.monotonic()
    result = probe_sip_options("127.0.0.1", silent_peer.port, timeout=timeout)
    elapsed = time.monotonic() - started
    assert result == SipProbeResult(False, None, "SIP TIMEOUT", None)
    assert timeout - 0.05 <= elapsed < timeout + 0.5
    assert len(silent_peer.received) == 1  # one request, no retransmission to count


def test_closed_port_is_unreachable_at_once() -> None:
    port = free_port(socket.SOCK_DGRAM)  # nothing listens there now
    started = time.monotonic()
    result = probe_sip_options("127.0.0.1", port, timeout=2.0)
    assert result == SipProbeResult(False, None, "SIP UNREACHABLE", None)
    assert time.monotonic() - started < 0.3


@pytest.mark.parametrize(
    ("status", "alive"),
    [(200, True), (401, True), (404, True), (486, True), (603, True), (500, False), (599, False)],
)
def test_any_final_response_but_5xx_is_alive(status: int, alive: bool) -> None:
    peer = ScriptedPeer(lambda request: [sip_response(request, status, "Whatever")])
    try:
        result = probe_sip_options("127.0.0.1", peer.port, timeout=1.0)
    finally:
        peer.close()
    assert (result.alive, result.status) == (alive, status)
    assert result.reason == ("SIP OK" if alive else f"SIP {status}")


def test_stray_answers_are_ignored() -> None:
    def stray_then_real(request: bytes) -> list[bytes]:
        return [
            sip_response(request, 503, "Old", call_id="an-earlier-probe@elsewhere"),
            b"\r\n\r\n",  # a keep-alive
            sip_response(request, 200, "OK"),
        ]

    peer = ScriptedPeer(stray_then_real)
    try:
        result = probe_sip_options("127.0.0.1", peer.port, timeout=1.0)
    finally:
        peer.close()
    assert (result.alive, result.status) == (True, 200)


def test_only_stray_answers_time_out() -> None:
    peer = ScriptedPeer(lambda request: [sip_response(request, 200, "OK", call_id="other@x")])
    try:
        result = probe_sip_options("127.0.0.1", peer.port, timeout=0.3)
    finally:
        peer.close()
    assert result.reason == "SIP TIMEOUT"


def test_garbage_without_our_call_id_is_malformed_after_the_timeout() -> None:
    peer = ScriptedPeer(lambda request: [b"HTTP/1.1 400 Bad Request\r\n\r\n"])
    try:
        result = probe_sip_options("127.0.0.1", peer.port, timeout=0.3)
    finally:
        peer.close()
    assert result.reason == "SIP MALFORMED"


def test_request_is_a_well_formed_options() -> None:
    peer = SilentPeer()
    try:
        probe_sip_options("127.0.0.1", peer.port, timeout=0.2)
    finally:
        peer.close()
    request = peer.received[0].decode("ascii")
    head, _, body = request.partition("\r\n\r\n")
    start, *lines = head.split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    assert start == f"OPTIONS sip:127.0.0.1:{peer.port} SIP/2.0"
    assert headers["Via"].startswith("SIP/2.0/UDP 127.0.0.1:")
    assert ";branch=z9hG4bK" in headers["Via"]
    assert headers["Max-Forwards"] == "70"
    assert ";tag=" in headers["From"]
    assert headers["To"] == f"<sip:127.0.0.1:{peer.port}>"
    assert headers["CSeq"] == "1 OPTIONS"
    assert headers["Call-ID"] and headers["Contact"] and headers["Accept"]
    assert headers["Content-Length"] == "0" and body == ""
