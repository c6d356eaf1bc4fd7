"""`pbxctl drill`: promote, hold, demote; measured, recorded, and never left half-way."""

from __future__ import annotations

import pytest

from infra.naming import Node
from tests.cli.conftest import ADDRESS, World

pytestmark = pytest.mark.sipp  # the nodes' SIP service is sipp; missing sipp fails


def test_drill_measures_both_ways_and_restores_the_primary(world: World) -> None:
    result = world.run("drill", "--yes", "--hold", "0.2", "--reason", "quarterly drill", "--json")
    assert result.exit_code == 0, result.output
    data = result.json()
    assert data["result"] == "ok"
    assert set(data["dns_seconds"]) == {"promote", "demote"}
    assert len(world.proxy.calls("UpdateHealthCheck")) == 2
    assert not world.switch_inverted(Node.PRIMARY)
    assert world.dns_answer() == {ADDRESS[Node.PRIMARY]}
    (entry,) = world.audit()
    assert (entry["action"], entry["result"], entry["reason"]) == ("drill", "ok", "quarterly drill")
    assert set(entry["measured"]) == {"promote", "demote"}
    assert entry["before"]["traffic"] == entry["after"]["traffic"] == "primary"
    assert entry["duration"] >= 0.2


def test_drill_human_output(world: World) -> None:
    result = world.run("drill", "--yes", "--hold", "0")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("done: the name servers answered the backup after")
    assert "hold for 0 s" in result.stderr


def test_drill_only_starts_from_normal_operation(world: World) -> None:
    assert world.run("promote", "--yes").exit_code == 0
    result = world.run("drill", "--yes", "--hold", "0")
    assert result.exit_code == 3
    assert "a drill starts from normal operation, but now the primary is switched out" in (
        result.stderr
    )
    assert world.switch_inverted(Node.PRIMARY)


def test_a_drill_that_dns_does_not_follow_switches_the_primary_back(world: World) -> None:
    world.dns.endpoint_healthy["backup"] = False
    result = world.run("drill", "--yes", "--hold", "0", "--timeout", "1")
    assert result.exit_code == 4, result.output
    assert "the drill stopped: after 1 s the name servers still do not answer 127.0.0.3" in (
        result.stderr
    )
    assert "the primary was switched back in" in result.stderr
    assert not world.switch_inverted(Node.PRIMARY)
    assert world.audit()[0]["result"] == "timeout"
    assert world.audit()[0]["after"]["primary"]["switch"] == "in"


def test_drill_dry_run(world: World) -> None:
    result = world.run("drill", "--dry-run", "--hold", "30")
    assert result.exit_code == 0, result.output
    assert "hold for 30 s" in result.stderr
    assert world.proxy.calls("UpdateHealthCheck") == []
    assert not world.audit_path.exists()
