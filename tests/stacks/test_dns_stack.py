"""The failover DNS stack: three checks per node, failover/SRV records, alarms, outputs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Synth
from tests.support.tfjson import data_sources, resources

STACK = "callcenter-dns"


@pytest.fixture(scope="module")
def dns(synth: Synth) -> dict[str, Any]:
    return synth.stack(STACK)


def _check(dns: dict[str, Any], node: str, role: str) -> dict[str, Any]:
    (found,) = [
        check
        for check in resources(dns, "aws_route53_health_check")
        if check["tags"]["pbx-failover:node"] == node and check["tags"]["pbx-failover:role"] == role
    ]
    return found


def _address_of(dns: dict[str, Any], key: str) -> str:
    """The health check id expression of a check, as records and children refer to it."""
    for address, body in dns["resource"]["aws_route53_health_check"].items():
        if body["tags"]["Name"] == key:
            return f"${{aws_route53_health_check.{address}.id}}"
    raise AssertionError(key)


@pytest.mark.parametrize("node", ["primary", "backup"])
def test_endpoint_check_asks_the_health_agent(dns: dict[str, Any], node: str) -> None:
    check = _check(dns, node, "endpoint")
    assert check["type"] == "HTTP_STR_MATCH"
    assert check["port"] == 8080 and check["resource_path"] == "/health"
    assert check["search_string"] == "SIP OK"
    assert check["request_interval"] == 10 and check["failure_threshold"] == 3
    assert check["ip_address"].startswith(
        "${data.terraform_remote_state.cross-stack-reference-input-callcenter-"
    )
    assert node in check["ip_address"]
    assert check.get("invert_healthcheck") in (None, False)
    assert check.get("disabled") in (None, False)
    assert check["tags"] == {
        "pbx-failover:project": "acme-callcenter",
        "pbx-failover:site": "callcenter",
        "pbx-failover:node": node,
        "pbx-failover:role": "endpoint",
        "Name": f"callcenter-{node}-endpoint",
    }


@pytest.mark.parametrize("node", ["primary", "backup"])
def test_switch_is_always_healthy_until_inverted_and_terraform_leaves_it(
    dns: dict[str, Any], node: str
) -> None:
    switch = _check(dns, node, "switch")
    assert switch["type"] == "CALCULATED"
    assert switch["child_healthchecks"] == [] and switch["child_health_threshold"] == 0
    assert switch["invert_healthcheck"] is False
    assert switch["lifecycle"] == {"ignore_changes": ["invert_healthcheck"]}


@pytest.mark.parametrize("node", ["primary", "backup"])
def test_effective_is_endpoint_and_switch(dns: dict[str, Any], node: str) -> None:
    effective = _check(dns, node, "effective")
    assert effective["type"] == "CALCULATED"
    assert effective["child_health_threshold"] == 2
    assert effective["child_healthchecks"] == [
        _address_of(dns, f"callcenter-{node}-endpoint"),
        _address_of(dns, f"callcenter-{node}-switch"),
    ]


def test_failover_records(dns: dict[str, Any]) -> None:
    records = [r for r in resources(dns, "aws_route53_record") if r["name"] == "voip.example.com"]
    by_id = {r["set_identifier"]: r for r in records}
    assert set(by_id) == {"primary", "backup"}
    assert by_id["primary"]["failover_routing_policy"] == {"type": "PRIMARY"}
    assert by_id["backup"]["failover_routing_policy"] == {"type": "SECONDARY"}
    for node in ("primary", "backup"):
        record = by_id[node]
        assert record["type"] == "A" and record["ttl"] == 30
        assert record["health_check_id"] == _address_of(dns, f"callcenter-{node}-effective")
        (value,) = record["records"]
        assert f"cross-stack-reference-input-callcenter-{node}" in value


def test_per_node_names(dns: dict[str, Any]) -> None:
    names = {r["name"]: r for r in resources(dns, "aws_route53_record") if r["type"] == "A"}
    assert "set_identifier" not in names["pbx1.example.com"]
    assert "callcenter-primary" in names["pbx1.example.com"]["records"][0]
    assert "callcenter-backup" in names["pbx2.example.com"]["records"][0]


def test_srv_records_prefer_pbx1(dns: dict[str, Any]) -> None:
    srv = {
        r["name"]: r["records"] for r in resources(dns, "aws_route53_record") if r["type"] == "SRV"
    }
    assert srv == {
        "_sip._udp.voip.example.com": [
            "10 0 5060 pbx1.example.com.",
            "20 0 5060 pbx2.example.com.",
        ],
        "_sip._tcp.voip.example.com": [
            "10 0 5060 pbx1.example.com.",
            "20 0 5060 pbx2.example.com.",
        ],
        "_sips._tcp.voip.example.com": [
            "10 0 5061 pbx1.example.com.",
            "20 0 5061 pbx2.example.com.",
        ],
    }


def test_zone_created(dns: dict[str, Any]) -> None:
    (zone,) = resources(dns, "aws_route53_zone")
    assert zone["name"] == "example.com" and zone["force_destroy"] is False


def test_alarms_in_us_east_1_notify_the_topic(dns: dict[str, Any]) -> None:
    alarms = resources(dns, "aws_cloudwatch_metric_alarm")
    assert len(alarms) == 3
    for alarm in alarms:
        assert alarm["provider"] == "aws.us_east_1"
        assert (alarm["namespace"], alarm["metric_name"]) == ("AWS/Route53", "HealthCheckStatus")
        assert alarm["alarm_actions"] == alarm["ok_actions"]
        assert alarm["alarm_actions"][0].startswith("${aws_sns_topic.")
    watched = {alarm["dimensions"]["HealthCheckId"] for alarm in alarms}
    assert watched == {
        _address_of(dns, "callcenter-primary-endpoint"),
        _address_of(dns, "callcenter-backup-endpoint"),
        _address_of(dns, "callcenter-primary-effective"),
    }
    us_east_1 = [p for p in dns["provider"]["aws"] if p.get("alias") == "us_east_1"]
    assert us_east_1 and us_east_1[0]["region"] == "us-east-1"


def test_topic_is_encrypted_and_mails_on_call(dns: dict[str, Any]) -> None:
    (topic,) = resources(dns, "aws_sns_topic")
    assert topic["kms_master_key_id"].startswith("${aws_kms_key.")
    (key,) = resources(dns, "aws_kms_key")
    assert key["enable_key_rotation"] is True
    assert "cloudwatch.amazonaws.com" in key["policy"]
    (subscription,) = resources(dns, "aws_sns_topic_subscription")
    assert (subscription["protocol"], subscription["endpoint"]) == ("email", "oncall@example.com")


def test_outputs_for_the_cli_and_people(dns: dict[str, Any]) -> None:
    assert {"health_check_ids", "record_names", "name_servers", "zone_id"} <= set(dns["output"])
    ids = dns["output"]["health_check_ids"]["value"]
    assert set(ids) == {"primary", "backup"}
    assert set(ids["primary"]) == {"endpoint", "switch", "effective"}


def test_addresses_arrive_by_remote_state(dns: dict[str, Any]) -> None:
    remote = data_sources(dns, "terraform_remote_state")
    assert len(remote) == 2 and all(r["backend"] == "local" for r in remote)


def test_a_dashboard_shows_each_node_and_the_alarms(dns: dict[str, Any]) -> None:
    import json

    from infra.naming import dashboard_name

    (dashboard,) = resources(dns, "aws_cloudwatch_dashboard")
    assert dashboard["provider"] == "aws.us_east_1"  # where Route 53 publishes its metrics
    assert dashboard["dashboard_name"] == dashboard_name("acme-callcenter", "callcenter")
    widgets = json.loads(dashboard["dashboard_body"])["widgets"]
    shown = {
        (metric[1], metric[3])
        for widget in widgets
        if widget["type"] == "metric"
        for metric in widget["properties"]["metrics"]
    }
    for node in ("primary", "backup"):
        assert (
            "HealthCheckPercentageHealthy",
            _address_of(dns, f"callcenter-{node}-endpoint"),
        ) in shown
        for role in ("switch", "effective"):
            assert ("HealthCheckStatus", _address_of(dns, f"callcenter-{node}-{role}")) in shown
    (alarm_widget,) = [widget for widget in widgets if widget["type"] == "alarm"]
    alarms = {
        f"${{aws_cloudwatch_metric_alarm.{name}.arn}}"
        for name in dns["resource"]["aws_cloudwatch_metric_alarm"]
    }
    assert set(alarm_widget["properties"]["alarms"]) == alarms
    assert all(widget["properties"].get("region", "us-east-1") == "us-east-1" for widget in widgets)
