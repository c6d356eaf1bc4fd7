"""The dns stack and pbxctl share one contract, tested against moto over real HTTP.

The synthesized stack's Route 53 resources are applied to moto in server mode, then read
back with boto3 the way pbxctl finds them: by the `pbx-failover:*` tags. moto accepts
invalid intervals, thresholds and failover values and always reports health "Success",
so those properties are asserted on the JSON in test_dns_stack.py, not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Synth
from tests.peers.moto_server import MotoServer
from tests.support.route53_apply import apply_dns_stack

ADDRESSES = {"primary": "192.0.2.11", "backup": "192.0.2.22"}


@pytest.fixture(scope="module")
def route53(synth: Synth) -> Iterator[Any]:
    server = MotoServer().start()
    try:
        client = server.client("route53")
        apply_dns_stack(synth.stack("callcenter-dns"), client, addresses=ADDRESSES)
        yield client
    finally:
        server.stop()


def _checks_by_tags(route53: Any) -> dict[tuple[str, str], dict[str, Any]]:
    checks = {c["Id"]: c for c in route53.list_health_checks()["HealthChecks"]}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    ids = list(checks)
    for start in range(0, len(ids), 10):
        response = route53.list_tags_for_resources(
            ResourceType="healthcheck", ResourceIds=ids[start : start + 10]
        )
        for tag_set in response["ResourceTagSets"]:
            tags = {t["Key"]: t["Value"] for t in tag_set["Tags"]}
            if tags.get("pbx-failover:site") == "callcenter":
                key = (tags["pbx-failover:node"], tags["pbx-failover:role"])
                assert key not in found, f"two checks tagged {key}"
                found[key] = {**checks[tag_set["ResourceId"]], "Tags": tags}
    return found


def test_six_checks_found_by_tags(route53: Any) -> None:
    checks = _checks_by_tags(route53)
    assert set(checks) == {
        (node, role)
        for node in ("primary", "backup")
        for role in ("endpoint", "switch", "effective")
    }
    for (node, role), check in checks.items():
        assert check["Tags"]["Name"] == f"callcenter-{node}-{role}"


def test_checks_read_back_as_designed(route53: Any) -> None:
    checks = _checks_by_tags(route53)
    for node in ("primary", "backup"):
        endpoint = checks[(node, "endpoint")]["HealthCheckConfig"]
        assert endpoint["Type"] == "HTTP_STR_MATCH"
        assert endpoint["IPAddress"] == ADDRESSES[node]
        assert (endpoint["Port"], endpoint["ResourcePath"], endpoint["SearchString"]) == (
            8080,
            "/health",
            "SIP OK",
        )
        assert endpoint.get("Inverted", False) is False
        switch = checks[(node, "switch")]["HealthCheckConfig"]
        assert switch["Type"] == "CALCULATED" and switch["HealthThreshold"] == 0
        assert switch.get("ChildHealthChecks", []) == [] and switch["Inverted"] is False
        effective = checks[(node, "effective")]["HealthCheckConfig"]
        assert effective["HealthThreshold"] == 2
        assert sorted(effective["ChildHealthChecks"]) == sorted(
            [checks[(node, "endpoint")]["Id"], checks[(node, "switch")]["Id"]]
        )


def test_failover_records_point_at_effective_checks(route53: Any) -> None:
    (zone,) = route53.list_hosted_zones_by_name(DNSName="example.com")["HostedZones"]
    records = route53.list_resource_record_sets(HostedZoneId=zone["Id"])["ResourceRecordSets"]
    failover = {
        r["SetIdentifier"]: r
        for r in records
        if r["Name"] == "voip.example.com." and r["Type"] == "A"
    }
    checks = _checks_by_tags(route53)
    assert failover["primary"]["Failover"] == "PRIMARY"
    assert failover["backup"]["Failover"] == "SECONDARY"
    for node in ("primary", "backup"):
        assert failover[node]["HealthCheckId"] == checks[(node, "effective")]["Id"]
        assert failover[node]["ResourceRecords"] == [{"Value": ADDRESSES[node]}]
        assert failover[node]["TTL"] == 30
    srv = {
        r["Name"]: [v["Value"] for v in r["ResourceRecords"]] for r in records if r["Type"] == "SRV"
    }
    assert srv["_sip._udp.voip.example.com."] == [
        "10 0 5060 pbx1.example.com.",
        "20 0 5060 pbx2.example.com.",
    ]


def test_flipping_the_switch_keeps_the_other_checks(route53: Any) -> None:
    checks = _checks_by_tags(route53)
    switch = checks[("primary", "switch")]
    route53.update_health_check(
        HealthCheckId=switch["Id"],
        HealthCheckVersion=switch["HealthCheckVersion"],
        Inverted=True,
        ChildHealthChecks=[],
        HealthThreshold=0,
    )
    after = _checks_by_tags(route53)
    assert after[("primary", "switch")]["HealthCheckConfig"]["Inverted"] is True
    assert after[("primary", "endpoint")]["HealthCheckConfig"].get("Inverted", False) is False
    assert len(after[("primary", "effective")]["HealthCheckConfig"]["ChildHealthChecks"]) == 2
