"""The AWS primary: network, security group from the policy, hardened instance, address."""

from __future__ import annotations

from typing import Any

import pytest

from infra.config import load_config
from infra.policy import aws_rule_counts, site_policy
from tests.conftest import EXAMPLE, Synth
from tests.support.tfjson import data_sources, resources, user_data

STACK = "callcenter-primary"


@pytest.fixture(scope="module")
def primary(synth: Synth) -> dict[str, Any]:
    return synth.stack(STACK)


def test_provider_region_and_default_tags(primary: dict[str, Any]) -> None:
    (provider,) = primary["provider"]["aws"]
    assert provider["region"] == "eu-central-1"
    assert provider["default_tags"] == [
        {
            "tags": {
                "pbx-failover:project": "acme-callcenter",
                "pbx-failover:site": "callcenter",
                "pbx-failover:node": "primary",
            }
        }
    ]


def test_own_vpc_with_one_public_subnet(primary: dict[str, Any]) -> None:
    (vpc,) = resources(primary, "aws_vpc")
    assert vpc["cidr_block"] == "10.40.0.0/16"
    (subnet,) = resources(primary, "aws_subnet")
    assert subnet["cidr_block"] == "10.40.0.0/24"
    assert subnet["map_public_ip_on_launch"] is False
    (route,) = resources(primary, "aws_route")
    assert route["destination_cidr_block"] == "0.0.0.0/0"
    assert route["gateway_id"].startswith("${aws_internet_gateway.")
    (association,) = resources(primary, "aws_route_table_association")
    assert association["subnet_id"].startswith("${aws_subnet.")
    (default_sg,) = resources(primary, "aws_default_security_group")
    assert "ingress" not in default_sg and "egress" not in default_sg


def test_hardened_instance(primary: dict[str, Any]) -> None:
    (instance,) = resources(primary, "aws_instance")
    assert instance["instance_type"] == "t3.small"
    assert instance["metadata_options"] == {
        "http_endpoint": "enabled",
        "http_put_response_hop_limit": 1,
        "http_tokens": "required",
    }
    assert instance["root_block_device"]["encrypted"] is True
    assert instance["disable_api_termination"] is True
    assert instance["iam_instance_profile"].startswith("${aws_iam_instance_profile.")
    assert instance["lifecycle"] == {"ignore_changes": ["ami", "user_data", "user_data_base64"]}
    assert instance["tags"]["pbx-failover:site"] == "callcenter"
    assert instance["tags"]["pbx-failover:node"] == "primary"
    assert "key_name" not in instance  # access = "ssm" in the example
    text = user_data(primary, "aws_instance")
    assert text.startswith("#cloud-config")
    assert "${aws_eip." in text  # the node knows its public address


def test_ubuntu_ami_by_data_source(primary: dict[str, Any]) -> None:
    (ami,) = data_sources(primary, "aws_ami")
    assert ami["most_recent"] is True
    assert ami["owners"] == ["099720109477"]
    filters = {f["name"]: f["values"] for f in ami["filter"]}
    assert filters["name"] == ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"]
    assert filters["architecture"] == ["x86_64"]


def test_ssm_instance_profile(primary: dict[str, Any]) -> None:
    (attachment,) = resources(primary, "aws_iam_role_policy_attachment")
    assert attachment["policy_arn"] == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    (role,) = resources(primary, "aws_iam_role")
    assert '"ec2.amazonaws.com"' in role["assume_role_policy"]


def test_elastic_ip_associated(primary: dict[str, Any]) -> None:
    (eip,) = resources(primary, "aws_eip")
    assert eip["domain"] == "vpc"
    (association,) = resources(primary, "aws_eip_association")
    assert association["instance_id"].startswith("${aws_instance.")
    assert association["allocation_id"].startswith("${aws_eip.")


def test_one_ingress_rule_per_service_and_source(primary: dict[str, Any]) -> None:
    config = load_config(EXAMPLE)
    policy = site_policy(config, config.sites[0])
    rules = resources(primary, "aws_vpc_security_group_ingress_rule")
    assert len(rules) == sum(len(rule.sources) for rule in policy)
    health = [r for r in rules if r["from_port"] == 8080]
    assert any(
        r.get("prefix_list_id", "").startswith("${data.aws_ec2_managed_prefix_list.")
        for r in health
    )
    (prefix_list,) = data_sources(primary, "aws_ec2_managed_prefix_list")
    assert prefix_list["name"] == "com.amazonaws.eu-central-1.route53-healthchecks"
    for rule in rules:
        assert rule.get("cidr_ipv4") not in ("0.0.0.0/0",) and rule.get("cidr_ipv6") != "::/0"
        assert rule["description"]


def test_outputs(primary: dict[str, Any]) -> None:
    assert {"public_ipv4", "instance_id"} <= set(primary["output"])


def test_quota_counts_the_prefix_list_as_25() -> None:
    config = load_config(EXAMPLE)
    v4, v6 = aws_rule_counts(site_policy(config, config.sites[0]))
    assert v4 >= 25 and v6 >= 1
