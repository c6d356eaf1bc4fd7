"""The building blocks under the commands, against the same real peers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infra.config import load_config
from infra.errors import ActionError, ActionTimeoutError, ApiError, ConfigError
from infra.naming import CheckRole, Node
from infra.pbxctl.audit import AUDIT_ENV, AuditLog, audit_path, record
from infra.pbxctl.clients.aws import Aws, AwsTimeouts, Route53
from infra.pbxctl.clients.hetzner import Hetzner
from infra.pbxctl.dnsquery import (
    NAME_SERVERS_ENV,
    NameServer,
    configured_name_servers,
    parse_name_server,
)
from tests.cli.conftest import ADDRESS, World
from tests.peers.fault_proxy import Fault
from tests.peers.pbxctl_env import SITE

pytestmark = pytest.mark.sipp  # the nodes' SIP service is sipp; missing sipp fails


@pytest.fixture
def aws_env(world: World, monkeypatch: pytest.MonkeyPatch) -> World:
    for key, value in world.env.items():
        monkeypatch.setenv(key, value)
    return world


def test_a_read_timeout_is_retried(aws_env: World) -> None:
    aws_env.proxy.add(Fault("ListHealthChecks", kind="delay", delay=0.6))
    aws = Aws(AwsTimeouts(connect=1, read=0.3, max_attempts=3))
    checks = Route53(aws).find_checks(SITE)
    assert len(checks) == 6
    assert aws.retries == 1


def test_a_read_timeout_on_every_attempt_is_one_sentence(aws_env: World) -> None:
    aws_env.proxy.add(Fault("ListHealthChecks", kind="delay", delay=0.5, times=-1))
    aws = Aws(AwsTimeouts(connect=1, read=0.2, max_attempts=2))
    with pytest.raises(ApiError) as caught:
        Route53(aws).find_checks(SITE)
    assert caught.value.message.startswith(
        "cannot reach AWS while listing Route 53 health checks (Read timeout"
    )
    assert caught.value.message.endswith(
        "check the network (and AWS_ENDPOINT_URL if set) and try again"
    )


def test_checks_are_found_by_tags_and_flipped_with_their_version(aws_env: World) -> None:
    route53 = Route53(Aws())
    checks = route53.find_checks(SITE)
    switch = checks[(Node.PRIMARY, CheckRole.SWITCH)]
    effective = checks[(Node.PRIMARY, CheckRole.EFFECTIVE)]
    assert (switch.type, switch.threshold, switch.inverted, switch.version) == (
        "CALCULATED",
        0,
        False,
        1,
    )
    assert set(effective.children) == {checks[(Node.PRIMARY, CheckRole.ENDPOINT)].id, switch.id}
    flipped = route53.set_inverted(switch, True)
    assert (flipped.inverted, flipped.version) == (True, 2)
    # A stale version is refused (Route 53's rule, enforced by the fault proxy).
    with pytest.raises(Exception, match="someone else changed it"):
        route53.set_inverted(switch, False)
    # The effective check kept its children.
    assert route53.get_check(effective).children == effective.children


def test_test_dns_answer_is_none_where_unsupported(aws_env: World) -> None:
    route53 = Route53(Aws())
    zone = route53.find_zone("example.com")
    assert route53.test_dns_answer(zone, "voip.example.com") is None
    records = route53.failover_records(zone, "voip.example.com")
    assert records[Node.PRIMARY].addresses == (ADDRESS[Node.PRIMARY],)
    assert records[Node.BACKUP].addresses == (ADDRESS[Node.BACKUP],)


def test_hetzner_power_on_and_its_failures(world: World) -> None:
    hetzner = Hetzner(world.hetzner.token, world.hetzner.url, poll_interval=0.01)
    server = hetzner.backup_server(SITE)
    assert server is not None
    assert (server.state, server.address) == ("running", ADDRESS[Node.BACKUP])

    world.hetzner.servers[world.backup_server_id]["status"] = "off"
    progress: list[int] = []
    after = hetzner.power_on(server, timeout=5, on_progress=progress.append)
    assert after.running
    assert progress

    world.hetzner.power_on_fails = True
    world.hetzner.servers[world.backup_server_id]["status"] = "off"
    with pytest.raises(ActionError) as failed:
        hetzner.power_on(server, timeout=5)
    assert failed.value.action_id == max(world.hetzner.actions)
    assert f"action {failed.value.action_id}: action_failed" in failed.value.message

    world.hetzner.action_polls = 10_000
    with pytest.raises(ActionTimeoutError) as slow:
        hetzner.power_on(server, timeout=0.2)
    assert slow.value.action_id == max(world.hetzner.actions)
    assert f"Hetzner action {slow.value.action_id}" in slow.value.message


def test_hetzner_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HCLOUD_TOKEN", raising=False)
    with pytest.raises(ConfigError, match="HCLOUD_TOKEN is not set"):
        Hetzner.from_env()


def test_hetzner_unreachable_is_one_sentence() -> None:
    hetzner = Hetzner("token-0123456789", "http://127.0.0.1:9/v1", timeouts=(0.5, 0.5))
    with pytest.raises(
        ApiError, match=re.escape("cannot reach the Hetzner API at http://127.0.0.1:9/v1")
    ):
        hetzner.backup_server(SITE)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("ns-1.awsdns-01.org", NameServer("ns-1.awsdns-01.org", 53)),
        ("127.0.0.1:5353", NameServer("127.0.0.1", 5353)),
        ("[2001:db8::53]:5300", NameServer("2001:db8::53", 5300)),
        ("2001:db8::53", NameServer("2001:db8::53", 53)),
    ],
)
def test_name_server_specs(spec: str, expected: NameServer) -> None:
    assert parse_name_server(spec, source="test") == expected


def test_bad_name_server_port_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=re.escape("'127.0.0.1:99999' has a bad port")):
        parse_name_server("127.0.0.1:99999", source="cli.name_servers")


def test_name_servers_from_the_environment_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NAME_SERVERS_ENV, "127.0.0.1:5300, 127.0.0.2")
    assert configured_name_servers(["192.0.2.53"]) == [
        NameServer("127.0.0.1", 5300),
        NameServer("127.0.0.2", 53),
    ]
    monkeypatch.delenv(NAME_SERVERS_ENV)
    assert configured_name_servers(["192.0.2.53"]) == [NameServer("192.0.2.53")]
    assert configured_name_servers([]) is None


def test_audit_path_precedence(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(world.config_path)
    monkeypatch.delenv(AUDIT_ENV, raising=False)
    assert audit_path(config) == world.audit_path
    monkeypatch.setenv(AUDIT_ENV, "/tmp/elsewhere.jsonl")
    assert audit_path(config) == Path("/tmp/elsewhere.jsonl")


def test_audit_lines_are_appended_whole(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    path = tmp_path / "nested" / "audit.jsonl"
    for action in ("promote", "demote"):
        with AuditLog(path) as log:
            log.append(
                record(
                    started=datetime(2026, 1, 1, tzinfo=UTC),
                    site="callcenter",
                    action=action,
                    reason=None,
                    forced=False,
                    before=None,
                    after=None,
                    result="ok",
                    duration=1.23456,
                )
            )
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [line["action"] for line in lines] == ["promote", "demote"]
    assert lines[0]["time"] == "2026-01-01T00:00:00+00:00"
    assert lines[0]["duration"] == 1.235
    assert path.stat().st_mode & 0o777 == 0o600
