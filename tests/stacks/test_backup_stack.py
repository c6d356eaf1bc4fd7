"""The Hetzner backup: primary IP, protected server, firewall from the policy, rDNS."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Synth
from tests.support.hcloud_schema import check_hcloud_blocks, load_schema
from tests.support.tfjson import data_sources, resources

STACK = "callcenter-backup"
LABELS = {
    "pbx-failover-project": "acme-callcenter",
    "pbx-failover-site": "callcenter",
    "pbx-failover-node": "backup",
}


@pytest.fixture(scope="module")
def backup(synth: Synth) -> dict[str, Any]:
    return synth.stack(STACK)


def test_every_hcloud_block_matches_the_provider_schema(backup: dict[str, Any]) -> None:
    schema = load_schema(ROOT / "schemas" / "hcloud-provider-1.68.0.json")
    assert check_hcloud_blocks(backup, schema) == []


def test_server(backup: dict[str, Any]) -> None:
    (server,) = resources(backup, "hcloud_server")
    assert (server["server_type"], server["image"], server["location"]) == (
        "cx22",
        "ubuntu-24.04",
        "fsn1",
    )
    assert server["labels"] == LABELS
    assert server["delete_protection"] is True and server["rebuild_protection"] is True
    assert server["backups"] is False
    assert server["public_net"] == [
        {
            "ipv4": "${tonumber(hcloud_primary_ip.ipv4.id)}",
            "ipv4_enabled": True,
            "ipv6_enabled": False,
        }
    ]
    assert server["ssh_keys"] == ["${hcloud_ssh_key.ssh-key.id}"]
    assert server["user_data"].startswith("#cloud-config")
    assert "${hcloud_primary_ip.ipv4.ip_address}" in server["user_data"]
    assert "datacenter" not in server


def test_primary_ip_outlives_the_server(backup: dict[str, Any]) -> None:
    (address,) = resources(backup, "hcloud_primary_ip")
    assert address["type"] == "ipv4" and address["assignee_type"] == "server"
    assert address["auto_delete"] is False and address["delete_protection"] is True
    assert address["location"] == "fsn1"


def test_firewall_attached_and_checkers_from_ip_ranges(backup: dict[str, Any]) -> None:
    (attachment,) = resources(backup, "hcloud_firewall_attachment")
    assert attachment["server_ids"] == ["${tonumber(hcloud_server.pbx.id)}"]
    (ranges,) = data_sources(backup, "aws_ip_ranges")
    assert ranges["services"] == ["route53_healthchecks"]
    (firewall,) = resources(backup, "hcloud_firewall")
    health = [rule for rule in firewall["rule"] if rule.get("port") == "8080"]
    assert len(health) == 1 and "data.aws_ip_ranges." in health[0]["source_ips"]
    assert {rule["port"] for rule in firewall["rule"] if rule.get("port")} >= {
        "5060",
        "10000-20000",
    }


def test_reverse_dns(backup: dict[str, Any]) -> None:
    (rdns,) = resources(backup, "hcloud_rdns")
    assert rdns["dns_ptr"] == "pbx2.example.com"
    assert rdns["primary_ip_id"] == "${tonumber(hcloud_primary_ip.ipv4.id)}"


def test_no_token_in_the_json(backup: dict[str, Any], synth: Synth) -> None:
    assert backup["provider"]["hcloud"] == [{}]
    text = json.dumps(backup)
    assert "token" not in text.lower()
    (aws,) = backup["provider"]["aws"]
    assert aws["skip_credentials_validation"] is True


def test_outputs(backup: dict[str, Any]) -> None:
    assert {"public_ipv4", "server_id"} <= set(backup["output"])


def test_required_provider_constraint(backup: dict[str, Any]) -> None:
    assert backup["terraform"]["required_providers"]["hcloud"] == {
        "source": "hetznercloud/hcloud",
        "version": "~> 1.68.0",
    }


def test_schema_check_catches_a_wrong_block(backup: dict[str, Any]) -> None:
    schema = load_schema(Path(ROOT / "schemas" / "hcloud-provider-1.68.0.json"))
    broken = json.loads(json.dumps(backup))
    (server,) = broken["resource"]["hcloud_server"].values()
    server["datacenter"] = "fsn1-dc14"
    del server["server_type"]
    errors = check_hcloud_blocks(broken, schema)
    assert any("datacenter" in error for error in errors)
    assert any("server_type" in error for error in errors)
