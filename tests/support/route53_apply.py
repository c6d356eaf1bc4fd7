"""Create in moto what a synthesized `<site>-dns` stack describes: zone, health checks, records.

A tiny `terraform apply` for the Route 53 part of the contract, so the CLI tests (and the
stack contract test) run against exactly what the stack would deploy. References between
resources (`${aws_route53_health_check.X.id}`, `${aws_route53_zone.X.zone_id}`) resolve to
the ids moto returns; anything else that cannot be resolved here (cross-stack
`${data.terraform_remote_state...}` reads of the node addresses) comes from `addresses`,
keyed "primary", "backup", "primary_ipv6", "backup_ipv6".
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from infra.naming import TAG_NODE, Node

_REFERENCE = re.compile(r"^\$\{(data\.)?(aws_route53_[a-z_]+)\.([^.}]+)\.([a-z_]+)\}$")
_INTERPOLATION = re.compile(r"\$\{")

# Terraform argument -> Route 53 HealthCheckConfig key
_CHECK_ARGUMENTS = {
    "type": "Type",
    "ip_address": "IPAddress",
    "port": "Port",
    "resource_path": "ResourcePath",
    "fqdn": "FullyQualifiedDomainName",
    "search_string": "SearchString",
    "request_interval": "RequestInterval",
    "failure_threshold": "FailureThreshold",
    "measure_latency": "MeasureLatency",
    "invert_healthcheck": "Inverted",
    "disabled": "Disabled",
    "enable_sni": "EnableSNI",
    "regions": "Regions",
    "child_healthchecks": "ChildHealthChecks",
    "child_health_threshold": "HealthThreshold",
}


def _bodies(doc: dict[str, Any], section: str, kind: str) -> dict[str, dict[str, Any]]:
    return {
        name: {k: v for k, v in body.items() if k != "//"}
        for name, body in doc.get(section, {}).get(kind, {}).items()
    }


def _default_tags(doc: dict[str, Any], provider: str | None) -> dict[str, str]:
    """Tags the resource's AWS provider adds (`default_tags`), as Terraform merges them."""
    alias = provider.split(".", 1)[1] if provider and "." in provider else None
    for block in doc.get("provider", {}).get("aws", []):
        if block.get("alias") == alias:
            tags: dict[str, str] = {}
            for default in block.get("default_tags", []):
                tags.update(default.get("tags", {}))
            return tags
    return {}


def apply_dns_stack(  # noqa: C901 (zones, checks in dependency order, records: Terraform's apply in small)
    tf_json: dict[str, Any],
    route53_client: Any,
    *,
    addresses: dict[str, str],
    zone_id: str | None = None,
) -> dict[str, str]:
    """Create the stack's Route 53 objects; returns Terraform address -> created id.

    `zone_id` is for a stack that refers to a zone of another stack (several sites in one
    config); a stack that creates or looks up its zone needs none.
    """
    created: dict[str, str] = {}

    # Zones: created, or looked up by name (created here when the test has none yet).
    for name, body in _bodies(tf_json, "resource", "aws_route53_zone").items():
        response = route53_client.create_hosted_zone(
            Name=body["name"],
            CallerReference=str(uuid.uuid4()),
            HostedZoneConfig={"Comment": body.get("comment", ""), "PrivateZone": False},
        )
        created[f"aws_route53_zone.{name}"] = response["HostedZone"]["Id"].rsplit("/", 1)[-1]
    for name, body in _bodies(tf_json, "data", "aws_route53_zone").items():
        created[f"data.aws_route53_zone.{name}"] = _find_or_create_zone(
            route53_client, body["name"]
        )

    def resolve(value: Any, node: str | None, *, ipv6: bool = False) -> Any:
        if isinstance(value, list):
            return [resolve(item, node, ipv6=ipv6) for item in value]
        if not isinstance(value, str) or not _INTERPOLATION.search(value):
            return value
        match = _REFERENCE.match(value)
        if match is not None:
            data, kind, name, _attribute = match.groups()
            address = f"{'data.' if data else ''}{kind}.{name}"
            if address in created:
                return created[address]
        if "aws_route53_zone" in value and zone_id is not None:
            return zone_id
        if node is None:
            raise ValueError(f"cannot resolve {value!r}: no node to take an address from")
        return addresses[f"{node}_ipv6" if ipv6 else node]

    # Health checks, children before their parents.
    pending = _bodies(tf_json, "resource", "aws_route53_health_check")
    while pending:
        ready = {
            name: body
            for name, body in pending.items()
            if all(
                _reference_target(child) in created
                for child in body.get("child_healthchecks", []) or []
            )
        }
        if not ready:
            raise ValueError(f"health checks with unresolvable children: {sorted(pending)}")
        for name, body in ready.items():
            tags = {**_default_tags(tf_json, body.get("provider")), **body.get("tags", {})}
            node = tags.get(TAG_NODE)
            config = {
                _CHECK_ARGUMENTS[key]: resolve(value, node)
                for key, value in body.items()
                if key in _CHECK_ARGUMENTS and value is not None
            }
            response = route53_client.create_health_check(
                CallerReference=str(uuid.uuid4()), HealthCheckConfig=config
            )
            check_id = response["HealthCheck"]["Id"]
            if tags:
                route53_client.change_tags_for_resource(
                    ResourceType="healthcheck",
                    ResourceId=check_id,
                    AddTags=[{"Key": k, "Value": v} for k, v in tags.items()],
                )
            created[f"aws_route53_health_check.{name}"] = check_id
            del pending[name]

    records = _bodies(tf_json, "resource", "aws_route53_record")
    per_node_names = _per_node_names(records)
    for name, body in records.items():
        node = body.get("set_identifier") or per_node_names.get(body["name"].rstrip("."))
        if node not in (None, *[n.value for n in Node]):
            node = None
        record_type = body["type"]
        record: dict[str, Any] = {
            "Name": body["name"],
            "Type": record_type,
            "TTL": body.get("ttl", 300),
            "ResourceRecords": [
                {"Value": resolve(value, node, ipv6=record_type == "AAAA")}
                for value in body.get("records", [])
            ],
        }
        if body.get("set_identifier"):
            record["SetIdentifier"] = body["set_identifier"]
        policy = body.get("failover_routing_policy")
        if isinstance(policy, list):
            policy = policy[0]
        if policy:
            record["Failover"] = policy["type"]
        if body.get("health_check_id"):
            record["HealthCheckId"] = resolve(body["health_check_id"], node)
        hosted_zone = resolve(body["zone_id"], node)
        route53_client.change_resource_record_sets(
            HostedZoneId=hosted_zone,
            ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": record}]},
        )
        suffix = f"_{record['SetIdentifier']}" if "SetIdentifier" in record else ""
        created[f"aws_route53_record.{name}"] = (
            f"{hosted_zone}_{body['name']}_{record_type}{suffix}"
        )
    return created


def _reference_target(value: str) -> str:
    match = _REFERENCE.match(value)
    if match is None:
        return value
    data, kind, name, _attribute = match.groups()
    return f"{'data.' if data else ''}{kind}.{name}"


def _per_node_names(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    """pbx1/pbx2 -> primary/backup, read from the SRV records (lowest priority: primary)."""
    names: dict[str, str] = {}
    for body in records.values():
        if body.get("type") != "SRV":
            continue
        targets = sorted(
            (int(priority), target.rstrip("."))
            for priority, _weight, _port, target in (str(v).split() for v in body["records"])
        )
        names[targets[0][1]] = Node.PRIMARY.value
        for _priority, target in targets[1:]:
            names[target] = Node.BACKUP.value
    return names


def _find_or_create_zone(route53_client: Any, name: str) -> str:
    for zone in route53_client.list_hosted_zones_by_name(DNSName=name)["HostedZones"]:
        if zone["Name"].rstrip(".") == name.rstrip("."):
            return str(zone["Id"]).rsplit("/", 1)[-1]
    response = route53_client.create_hosted_zone(Name=name, CallerReference=str(uuid.uuid4()))
    return str(response["HostedZone"]["Id"]).rsplit("/", 1)[-1]
