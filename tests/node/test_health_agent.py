"""The health agent end to end: `python3 health_agent.py` as a subprocess, sipp behind it."""

from __future__ import annotations

import ast
import glob
import http.client
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.node.conftest import AGENT, Agent, SilentPeer, Sipp, free_port


def test_200_is_healthy(sipp: Callable[..., Sipp], agent: Callable[..., Agent]) -> None:
    server = sipp("uas_options_200.xml")
    health = agent(server.port)
    assert health.request() == (200, "SIP OK")


def test_503_is_unhealthy(sipp: Callable[..., Sipp], agent: Callable[..., Agent]) -> None:
    server = sipp("uas_options_503.xml")
    health = agent(server.port)
    assert health.request() == (503, "SIP 503")


def test_no_answer_is_unhealthy_within_the_timeout(
    silent_peer: SilentPeer, agent: Callable[..., Agent]
) -> None:
    health = agent(silent_peer.port, timeout=0.5)
    started = time.monotonic()
    assert health.request() == (503, "SIP TIMEOUT")
    assert time.monotonic() - started < 0.5 + 0.5


def test_closed_port_is_unhealthy_at_once(agent: Callable[..., Agent]) -> None:
    health = agent(free_port(socket.SOCK_DGRAM), timeout=2.0)
    started = time.monotonic()
    assert health.request() == (503, "SIP UNREACHABLE")
    assert time.monotonic() - started < 0.3


def test_malformed_answer_is_unhealthy_and_the_agent_keeps_serving(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    server = sipp("uas_options_malformed.xml")
    health = agent(server.port, cache=0)
    for _ in range(3):
        assert health.request() == (503, "SIP MALFORMED")
    assert health.request("/elsewhere") == (404, "not found")
    assert health.process.poll() is None
    assert server.options_received() == 3


def test_drain_file_answers_draining_without_probing(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    server = sipp("uas_options_200.xml")
    health = agent(server.port, cache=0)
    assert health.request() == (200, "SIP OK")
    health.drain_file.touch()
    for _ in range(5):
        assert health.request() == (503, "DRAINING")
    assert server.options_received() == 1
    health.drain_file.unlink()
    assert health.request() == (200, "SIP OK")
    assert health.stop() == 0
    assert health.log().count("health: ") == 3
    assert "health: SIP OK -> DRAINING" in health.log()
    assert "health: DRAINING -> SIP OK" in health.log()


def test_ipv6_everywhere(sipp: Callable[..., Sipp], agent: Callable[..., Agent]) -> None:
    server = sipp("uas_options_200.xml", host="::1")
    health = agent(server.port, sip_host="::1", listen="::1")
    assert health.request() == (200, "SIP OK")
    assert server.options_received() == 1


def test_head_other_paths_and_query_strings(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    server = sipp("uas_options_200.xml")
    health = agent(server.port)
    assert health.request(method="HEAD") == (200, "")
    assert health.request("/health?from=route53") == (200, "SIP OK")
    assert health.request("/") == (404, "not found")
    assert health.request("/healthz") == (404, "not found")
    connection = http.client.HTTPConnection("127.0.0.1", health.port, timeout=5)
    connection.request("POST", "/health", body=b"x")
    assert connection.getresponse().status == 405  # GET and HEAD only
    connection.close()


def checker(number: int, health: Agent) -> tuple[int, str]:
    """A health GET from one of ten checker addresses, as Route 53's arrive."""
    return health.request(source=f"127.0.1.{number % 10 + 1}")


def test_a_burst_costs_one_probe_per_cache_window(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    # The peer takes 300 ms to answer, so most requests arrive while the probe is in flight:
    # they must wait for it (single flight), not probe too.
    server = sipp("uas_options_slow_200.xml")
    cache = 1.0
    health = agent(server.port, timeout=1.0, cache=cache)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=100) as pool:
        answers = list(pool.map(checker, range(100), [health] * 100))
    elapsed = time.monotonic() - started
    assert answers == [(200, "SIP OK")] * 100
    assert server.options_received() <= 1 + int(elapsed // cache)
    assert health.stop() == 0
    assert health.log().count("health: ") == 1  # one state change, no access log


def test_a_burst_while_sip_is_silent_costs_one_probe(
    silent_peer: SilentPeer, agent: Callable[..., Agent]
) -> None:
    health = agent(silent_peer.port, timeout=0.5, cache=5.0)
    with ThreadPoolExecutor(max_workers=100) as pool:
        answers = list(pool.map(checker, range(100), [health] * 100))
    assert answers == [(503, "SIP TIMEOUT")] * 100
    assert len(silent_peer.received) == 1


def test_state_changes_are_logged_once_each(
    sipp: Callable[..., Sipp], agent: Callable[..., Agent]
) -> None:
    server = sipp("uas_options_200.xml")
    health = agent(server.port, cache=0)
    for _ in range(5):
        assert health.request() == (200, "SIP OK")
    server.stop()
    for _ in range(5):
        assert health.request() == (503, "SIP UNREACHABLE")
    assert health.stop() == 0
    changes = [line for line in health.log().splitlines() if line.startswith("health: ")]
    assert changes == ["health: UNKNOWN -> SIP OK", "health: SIP OK -> SIP UNREACHABLE"]
    assert "GET" not in health.log()


def test_sigterm_exits_cleanly(silent_peer: SilentPeer, agent: Callable[..., Agent]) -> None:
    health = agent(silent_peer.port)
    started = time.monotonic()
    assert health.stop() == 0
    assert time.monotonic() - started < 2
    assert "stopping on SIGTERM" in health.log()


def test_help_works() -> None:
    result = subprocess.run(
        [sys.executable, str(AGENT), "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for flag in ("--listen", "--port", "--path", "--sip-host", "--sip-port", "--timeout"):
        assert flag in result.stdout
    assert "--cache" in result.stdout and "--drain-file" in result.stdout


def test_bad_arguments_are_refused() -> None:
    result = subprocess.run(
        [sys.executable, str(AGENT), "--timeout", "0"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "--timeout" in result.stderr


def test_a_busy_port_is_one_error_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, str(AGENT), "--listen", "127.0.0.1", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"cannot serve HTTP on 127.0.0.1 port {port}: Address already in use"
    )


def test_standard_library_only_and_python_310_syntax() -> None:
    tree = ast.parse(AGENT.read_text(), feature_version=(3, 10))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= sys.stdlib_module_names | {"__future__"}


def _python_310() -> str | None:
    candidates = [
        shutil.which("python3.10"),
        *glob.glob(str(Path.home() / ".pyenv/versions/3.10*/bin/python3.10")),
    ]
    for candidate in filter(None, candidates):
        # A pyenv shim exists even when that version is not selected: ask it to run.
        works = subprocess.run([candidate, "-c", "pass"], capture_output=True, check=False)
        if works.returncode == 0:
            return candidate
    return None


def test_runs_on_python_310(sipp: Callable[..., Sipp], agent: Callable[..., Agent]) -> None:
    python = _python_310()
    if python is None:
        pytest.skip("no Python 3.10 interpreter here; the syntax check above still ran")
    server = sipp("uas_options_200.xml")
    health = agent(server.port, python=python)
    assert health.request() == (200, "SIP OK")
    assert health.stop() == 0
