"""`pbxctl status`: exit 0 when traffic is on the primary and both nodes are fit, else 3."""

from __future__ import annotations

import pytest

from infra.naming import CheckRole, Node
from tests.cli.conftest import ADDRESS, World
from tests.peers.fault_proxy import Fault, unhealthy_status

pytestmark = pytest.mark.sipp  # the nodes' SIP service is sipp; missing sipp fails


def test_healthy_site_exits_0_with_a_table(world: World) -> None:
    result = world.run("status")
    assert result.exit_code == 0, result.output
    assert "HEALTHY" in result.stdout
    assert "127.0.0.2 (primary)" in result.stdout
    assert "SIP OK" in result.stdout


def test_json_describes_both_nodes(world: World) -> None:
    result = world.run("status", "--json")
    assert result.exit_code == 0, result.output
    data = result.json()
    assert data["healthy"] is True
    assert data["problems"] == []
    assert data["traffic"] == data["expected"] == "primary"
    assert data["dns"]["route53"] is None  # moto has no TestDNSAnswer: name servers decide
    assert data["dns"]["name_servers"] == [
        {"server": world.dns.address, "addresses": [ADDRESS[Node.PRIMARY]], "error": None}
    ]
    for node in Node:
        view = data["nodes"][node.value]
        assert view["addresses"] == [ADDRESS[node]]
        assert view["server"]["state"] == "running"
        assert view["endpoint"]["healthy"] is True
        assert view["switch"]["position"] == "in"
        assert view["effective"]["healthy"] is True
        assert view["sip"]["alive"] is True
        assert view["sip"]["status"] == 200
    assert data["nodes"]["primary"]["provider"] == "aws"
    assert data["nodes"]["backup"]["provider"] == "hetzner"


def test_backup_answering_503_is_degraded(world: World) -> None:
    world.sip(Node.BACKUP, 503)
    result = world.run("status")
    assert result.exit_code == 3, result.output
    assert "DEGRADED" in result.stdout
    assert "the backup does not answer SIP: SIP 503" in result.stdout


def test_closed_sip_port_is_degraded(world: World) -> None:
    world.sip(Node.PRIMARY, None)
    data = world.run("status", "--json")
    assert data.exit_code == 3
    problems = data.json()["problems"]
    assert any("the primary does not answer SIP: SIP UNREACHABLE" in p for p in problems)


def test_backup_server_off_is_degraded(world: World) -> None:
    world.hetzner.servers[world.backup_server_id]["status"] = "off"
    result = world.run("status", "--json")
    assert result.exit_code == 3
    assert "the backup's server is off" in result.json()["problems"]


def test_missing_hcloud_token_is_reported_not_fatal(world: World) -> None:
    result = world.run("status", "--json", env={"HCLOUD_TOKEN": ""})
    assert result.exit_code == 3
    (problem,) = [p for p in result.json()["problems"] if "HCLOUD_TOKEN" in p]
    assert "HCLOUD_TOKEN is not set" in problem


def test_unhealthy_endpoint_shows_route53s_reason(world: World) -> None:
    endpoint = world.checks()[(Node.BACKUP, CheckRole.ENDPOINT)]["Id"]
    world.proxy.add(unhealthy_status(endpoint, "Failure: HTTP Status Code 503, DRAINING"))
    result = world.run("status", "--json")
    assert result.exit_code == 3
    backup = result.json()["nodes"]["backup"]
    assert backup["endpoint"] == {
        "id": endpoint,
        "healthy": False,
        "share": 0.0,
        "checkers": 3,
        "failure": "Failure: HTTP Status Code 503, DRAINING",
    }
    assert backup["effective"]["healthy"] is False


def test_route53_test_dns_answer_is_shown_when_available(world: World) -> None:
    world.proxy.add(
        Fault(
            "TestDNSAnswer",
            kind="respond",
            status=200,
            body=(
                '<?xml version="1.0"?>\n<TestDNSAnswerResponse '
                'xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
                "<Nameserver>ns-1.awsdns-01.org</Nameserver><RecordName>voip.example.com"
                "</RecordName><RecordType>A</RecordType><RecordData><RecordDataEntry>"
                "127.0.0.2</RecordDataEntry></RecordData><ResponseCode>NOERROR</ResponseCode>"
                "<Protocol>UDP</Protocol></TestDNSAnswerResponse>"
            ),
        )
    )
    result = world.run("status", "--json")
    assert result.exit_code == 0, result.output
    assert result.json()["dns"]["route53"] == ["127.0.0.2"]


def test_no_health_checks_says_deploy_the_dns_stack(world: World) -> None:
    world.moto.reset()
    world.proxy.reset()
    result = world.run("status")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: no Route 53 health checks are tagged pbx-failover:site=callcenter; deploy the "
        "dns stack (cdktn deploy callcenter-dns), or check --site and the AWS account"
    )


@pytest.mark.parametrize("columns", [80, 100])
def test_status_fits_a_narrow_terminal(world: World, columns: int) -> None:
    result = world.run("status", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line for line in lines if len(line) > columns] == [
        f"dashboard: {result.stdout.split('dashboard: ')[1].splitlines()[0]}"
    ]  # only the dashboard's address, kept whole so that it can be copied
    for label in ("server", "endpoint (Route 53)", "switch", "effective", "SIP from here"):
        assert sum(line.strip().startswith(label) for line in lines) == 2, label  # per node
    assert "acme-callcenter-callcenter-primary" in result.stdout  # not cut off


def test_status_piped_to_a_file_is_readable(world: World) -> None:
    env = {k: v for k, v in world.env.items() if k != "COLUMNS"}
    done = world.run_process("status", env={**env, "COLUMNS": ""})
    assert done.exit_code == 0, done.output
    long = [line for line in done.stdout.splitlines() if len(line) > 80]  # a pipe gets 80
    assert len(long) == 1 and long[0].startswith("dashboard: https://")
    assert "HEALTHY" in done.stdout


def test_status_uses_one_row_per_node_when_there_is_room(world: World) -> None:
    result = world.run("status", env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "provider" in line)
    assert "endpoint (Route 53)" in header and "SIP from here" in header


def test_status_links_the_dashboard(world: World) -> None:
    result = world.run("status", "--json")
    expected = (
        "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1"
        "#dashboards/dashboard/acme-callcenter-callcenter-failover"
    )
    assert result.json()["dashboard"] == expected
    assert f"dashboard: {expected}" in " ".join(world.run("status").stdout.split())
