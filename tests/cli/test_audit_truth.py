"""The audit line tells what happened, whatever ended the command and however the network
behaved: a lost answer, Ctrl-C in flight, SIGTERM or SIGHUP, a concurrent change, a frozen
name server. Real pbxctl processes where the promise is about processes."""

from __future__ import annotations

import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from infra.naming import CheckRole, Node
from tests.cli.conftest import ADDRESS, Pbxctl, World
from tests.peers.fault_proxy import Fault

pytestmark = pytest.mark.sipp  # the nodes' SIP service is sipp; missing sipp fails


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.05)


def finish(process: subprocess.Popen[str], timeout: float = 30) -> Pbxctl:
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return Pbxctl(process.returncode, stdout, stderr)


@pytest.fixture
def frozen_name_server() -> Iterator[str]:
    """A UDP socket that reads every query and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"127.0.0.1:{sock.getsockname()[1]}"


def test_a_reset_after_route53_applied_the_flip_is_not_a_conflict(world: World) -> None:
    world.proxy.add(Fault("UpdateHealthCheck", kind="reset", after_forward=True))
    result = world.run("promote", "--yes")
    assert result.exit_code == 0, result.output
    assert "someone else" not in result.output
    assert world.switch_inverted(Node.PRIMARY)
    (entry,) = world.audit()
    assert (entry["result"], entry["after"]["primary"]["switch"]) == ("ok", "out")


@pytest.mark.parametrize(
    "stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=lambda stop: stop.name
)
def test_a_stop_while_the_flip_is_in_flight_records_what_route53_has(
    world: World, stop: signal.Signals
) -> None:
    # Route 53 applies the flip; its answer is slow; the engineer (or the session) stops.
    world.proxy.add(Fault("UpdateHealthCheck", kind="delay", delay=8, after_forward=True))
    process = world.start_process("promote", "--yes", "--reason", "INC-7")
    wait_for(lambda: world.switch_inverted(Node.PRIMARY), 30, "the flip to reach moto")
    process.send_signal(stop)
    result = finish(process)
    assert result.exit_code == 130, result.output
    name = "Ctrl-C" if stop is signal.SIGINT else stop.name
    assert f"interrupted by {name}" in result.stderr
    assert "Traceback" not in result.stderr
    (entry,) = world.audit()
    assert (entry["result"], entry["reason"]) == ("interrupted", "INC-7")
    assert entry["detail"] == f"interrupted by {name}"
    assert entry["after"]["primary"]["switch"] == "out"  # what Route 53 has, not our hope


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=lambda stop: stop.name)
def test_a_stop_during_the_dns_wait_still_writes_the_audit_line(
    world: World, stop: signal.Signals
) -> None:
    world.dns.endpoint_healthy["backup"] = False  # the name servers will not follow
    process = world.start_process("promote", "--yes", "--timeout", "60")
    wait_for(lambda: world.switch_inverted(Node.PRIMARY), 30, "the flip")
    time.sleep(0.3)  # inside the wait now
    process.send_signal(stop)
    result = finish(process)
    assert result.exit_code == 130, result.output
    (entry,) = world.audit()
    assert entry["result"] == "interrupted"
    assert entry["after"]["primary"]["switch"] == "out"
    assert entry["duration"] < 30


def test_a_non_finite_poll_interval_is_refused_before_anything_changes(world: World) -> None:
    for value in ("inf", "nan"):
        result = world.run_process("promote", "--yes", "--poll-interval", value)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.stderr
    assert not world.switch_inverted(Node.PRIMARY)
    assert world.audit() == []


def test_a_demote_that_times_out_records_a_concurrent_promote(world: World) -> None:
    assert world.run("promote", "--yes").exit_code == 0
    world.dns.endpoint_healthy["primary"] = False  # the demote's wait will not end
    results: list[Pbxctl] = []
    demote = threading.Thread(
        target=lambda: results.append(world.run_process("demote", "--yes", "--timeout", "4"))
    )
    demote.start()
    try:
        wait_for(lambda: not world.switch_inverted(Node.PRIMARY), 30, "the demote's flip")
        # Another engineer promotes again while the demote waits for DNS.
        switch = world.checks()[(Node.PRIMARY, CheckRole.SWITCH)]
        world.moto.client("route53").update_health_check(
            HealthCheckId=switch["Id"], Inverted=True, HealthThreshold=0
        )
    finally:
        demote.join(60)
    (result,) = results
    assert result.exit_code == 4, result.output
    demoted = world.audit()[-1]
    assert (demoted["action"], demoted["result"]) == ("demote", "timeout")
    assert demoted["after"]["primary"]["switch"] == "out"  # read again, not the stale "in"


def test_the_timeout_bounds_every_wait_even_with_a_frozen_name_server(
    world: World, frozen_name_server: str
) -> None:
    env = {"PBX_FAILOVER_NAME_SERVERS": frozen_name_server}
    started = time.monotonic()
    result = world.run_process("promote", "--yes", "--timeout", "3", env=env)
    elapsed = time.monotonic() - started
    assert result.exit_code == 4, result.output
    (entry,) = world.audit()
    # From the first look (whose own DNS question may take its 2 s) to the record: the wait
    # itself stops at 3 s, its last question included.
    assert entry["duration"] <= 2 + 3 + 0.5, entry["duration"]
    assert elapsed < 8, elapsed  # interpreter start-up included, on a busy machine
    assert "no name server answered for voip.example.com" in result.stderr
    assert "answers no answer" not in result.stderr


def test_a_forced_promote_that_route53_cannot_follow_says_so_and_stops(world: World) -> None:
    # Both nodes fail: Route 53's last resort answers with the primary whatever the switch.
    for node in Node:
        world.sip(node, None)
    world.proxy.add(*[unhealthy(world, node) for node in Node])
    started = time.monotonic()
    result = world.run("promote", "--yes", "--force", "--timeout", "60")
    assert time.monotonic() - started < 10
    assert result.exit_code == 3, result.output
    said = " ".join(result.stdout.split())  # rich wraps at the terminal's width
    assert "Route 53 keeps sending callers to the primary" in said
    assert "(the backup's endpoint check is UNHEALTHY (0% of 3 checkers)); not waiting" in said
    assert world.switch_inverted(Node.PRIMARY)
    (entry,) = world.audit()
    assert (entry["result"], entry["forced"], entry["degraded"]) == ("ok", True, True)


def test_demote_when_the_primary_is_down_says_where_calls_go(world: World) -> None:
    world.proxy.add(unhealthy(world, Node.PRIMARY))
    world.dns.endpoint_healthy["primary"] = False
    result = world.run("demote", "--yes")
    assert result.exit_code == 3, result.output
    said = " ".join(result.stdout.split())  # rich wraps at the terminal's width
    assert "already demoted: the primary is switched in, but Route 53 sends callers to" in said
    assert "the backup: the primary's endpoint check is UNHEALTHY" in said
    assert "voip.example.com answers 127.0.0.3 (backup)" in said


def test_drill_interrupted_reports_a_fresh_dns_answer(world: World) -> None:
    process = world.start_process("drill", "--yes", "--hold", "60")
    wait_for(lambda: world.switch_inverted(Node.PRIMARY), 30, "the drill's flip")
    wait_for(lambda: world.dns_answer() == {ADDRESS[Node.BACKUP]}, 30, "DNS to follow")
    time.sleep(1.0)  # holding now
    queries = world.dns.queries
    process.send_signal(signal.SIGINT)
    result = finish(process)
    assert result.exit_code == 130, result.output
    assert world.dns.queries > queries  # asked again after the interrupt...
    assert "the primary was switched back in (voip.example.com answers 127.0.0.2 (primary)" in (
        result.stderr
    )  # ...and reported what it heard
    assert not world.switch_inverted(Node.PRIMARY)


def unhealthy(world: World, node: Node) -> Fault:
    from tests.peers.fault_proxy import unhealthy_status

    return unhealthy_status(world.checks()[(node, CheckRole.ENDPOINT)]["Id"])
