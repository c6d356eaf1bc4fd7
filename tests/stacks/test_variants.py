"""Other shapes of config: two sites in one existing zone, IPv6, default VPC, SSH access.

The first site (the example's) runs its primary in the default VPC; the second has IPv6,
which needs the stack's own VPC (the default VPC's subnets have none).
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.conftest import EXAMPLE, read_stacks, synthesize
from tests.support.tfjson import data_sources, resources

SECOND_SITE = """
[[site]]
name = "overflow"
ipv6 = true
failover_name = "voip2"
primary_name = "pbx3"
backup_name = "pbx4"
operator_networks = ["192.0.2.128/25", "2001:db8:0f::/48"]

[site.primary]
region = "us-east-2"
instance_type = "t4g.small"
ami_name = "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*"
access = "ssh"
ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAK ops@example"

[site.backup]
location = "ash"
server_type = "cpx21"
backups = true
# Its own key: Hetzner refuses a second key with the fingerprint of the first site's.
ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOVERFLOWOVERFLOWOVERFLOWOVERFLOWOVERFLOWOVE ops@example"

[[site.carrier]]
name = "carrier-c"
signalling = ["198.51.100.64/28"]

[site.health]
interval = 30
failure_threshold = 2
regions = ["us-east-1", "us-west-2", "eu-west-1"]

[site.sip]
tls = false

[site.firewall]
rtp_from_anywhere = true
"""


@pytest.fixture(scope="module")
def variant(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, Any]], str]:
    folder = tmp_path_factory.mktemp("variant")
    config = folder / "two-sites.toml"
    shutil.copytree(EXAMPLE.parent / "asterisk", folder / "asterisk")  # links are refused
    first_site = (
        EXAMPLE.read_text()
        .replace("create_zone = true", "create_zone = false")
        .replace('access = "ssm"', 'access = "ssm"\nuse_default_vpc = true')
    )
    config.write_text(first_site + SECOND_SITE)
    result = synthesize(config, folder / "out")
    assert result.returncode == 0, result.stderr
    return read_stacks(folder / "out"), result.stderr


def test_six_stacks(variant: tuple[dict[str, dict[str, Any]], str]) -> None:
    stacks, _ = variant
    assert sorted(stacks) == sorted(
        f"{site}-{role}"
        for site in ("callcenter", "overflow")
        for role in ("primary", "backup", "dns")
    )


def test_existing_zone_looked_up_once_and_shared(
    variant: tuple[dict[str, dict[str, Any]], str],
) -> None:
    stacks, _ = variant
    first, second = stacks["callcenter-dns"], stacks["overflow-dns"]
    assert resources(first, "aws_route53_zone") == []
    (zone,) = data_sources(first, "aws_route53_zone")
    assert zone["name"] == "example.com" and zone["private_zone"] is False
    assert data_sources(second, "aws_route53_zone") == []
    remote = {
        r["config"]["path"].rsplit("/", 1)[-1]
        for r in data_sources(second, "terraform_remote_state")
    }
    assert "terraform.callcenter-dns.tfstate" in remote
    records = resources(second, "aws_route53_record")
    assert all("cross-stack-reference-input-callcenter-dns" in r["zone_id"] for r in records)


def test_ipv6_everywhere(variant: tuple[dict[str, dict[str, Any]], str]) -> None:
    stacks, _ = variant
    (server,) = resources(stacks["overflow-backup"], "hcloud_server")
    assert server["public_net"][0]["ipv6_enabled"] is True
    assert server["backups"] is True and server["location"] == "ash"
    assert {a["type"] for a in resources(stacks["overflow-backup"], "hcloud_primary_ip")} == {
        "ipv4",
        "ipv6",
    }
    assert len(resources(stacks["overflow-backup"], "hcloud_rdns")) == 2
    (instance,) = resources(stacks["overflow-primary"], "aws_instance")
    assert instance["ipv6_address_count"] == 1
    aaaa = [
        r for r in resources(stacks["overflow-dns"], "aws_route53_record") if r["type"] == "AAAA"
    ]
    assert {r["name"] for r in aaaa} == {
        "voip2.example.com",
        "pbx3.example.com",
        "pbx4.example.com",
    }


def test_default_vpc(variant: tuple[dict[str, dict[str, Any]], str]) -> None:
    stacks, _ = variant
    primary = stacks["callcenter-primary"]
    assert resources(primary, "aws_vpc") == []
    (vpc,) = data_sources(primary, "aws_vpc")
    assert vpc["default"] is True
    (instance,) = resources(primary, "aws_instance")
    assert "subnet_id" not in instance  # EC2 picks the default subnet


def test_ssh_key_and_graviton(variant: tuple[dict[str, dict[str, Any]], str]) -> None:
    stacks, _ = variant
    primary = stacks["overflow-primary"]
    (key,) = resources(primary, "aws_key_pair")
    assert key["public_key"].startswith("ssh-ed25519 ")
    (instance,) = resources(primary, "aws_instance")
    assert instance["key_name"].startswith("${aws_key_pair.")
    (ami,) = data_sources(primary, "aws_ami")
    assert {"name": "architecture", "values": ["arm64"]} in ami["filter"]


def test_checks_use_configured_regions_and_interval(
    variant: tuple[dict[str, dict[str, Any]], str],
) -> None:
    stacks, _ = variant
    endpoints = [
        c
        for c in resources(stacks["overflow-dns"], "aws_route53_health_check")
        if c["type"] == "HTTP_STR_MATCH"
    ]
    assert len(endpoints) == 2
    for check in endpoints:
        assert check["regions"] == ["us-east-1", "us-west-2", "eu-west-1"]
        assert (check["request_interval"], check["failure_threshold"]) == (30, 2)


def test_no_tls_no_sips_srv(variant: tuple[dict[str, dict[str, Any]], str]) -> None:
    stacks, _ = variant
    names = {
        r["name"]
        for r in resources(stacks["overflow-dns"], "aws_route53_record")
        if r["type"] == "SRV"
    }
    assert names == {"_sip._udp.voip2.example.com", "_sip._tcp.voip2.example.com"}


def test_rtp_from_anywhere_is_rendered_and_warned(
    variant: tuple[dict[str, dict[str, Any]], str],
) -> None:
    stacks, stderr = variant
    assert (
        "two-sites.toml: site[1].firewall.rtp_from_anywhere: RTP (10000-20000/udp) is open to "
        "the whole internet" in stderr
    )
    rtp = [
        r
        for r in resources(stacks["overflow-primary"], "aws_vpc_security_group_ingress_rule")
        if r["from_port"] == 10000
    ]
    assert {r.get("cidr_ipv4") or r.get("cidr_ipv6") for r in rtp} == {"0.0.0.0/0", "::/0"}
    ssh = [
        r
        for r in resources(stacks["overflow-primary"], "aws_vpc_security_group_ingress_rule")
        if r["from_port"] == 22
    ]
    assert all(r.get("cidr_ipv4") != "0.0.0.0/0" for r in ssh)
