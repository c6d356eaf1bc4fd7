"""Evaluate synthesized firewall rules the way each provider matches inbound packets.

AWS security groups and Hetzner firewalls are both allow-lists with an implicit deny, so a
packet is allowed when any rule matches its protocol, destination port and source address.
The Route 53 health checkers' ranges are symbolic in the JSON (a managed prefix list on
AWS, the aws_ip_ranges data source on Hetzner); both resolve to the same sample here.
"""

from __future__ import annotations

import ipaddress
import json
import re
from dataclasses import dataclass
from typing import Any

from tests.support.tfjson import resources

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# A few real entries of ip-ranges.json, service ROUTE53_HEALTHCHECKS (IPv4 and IPv6).
ROUTE53_CHECKER_SAMPLE: tuple[IpNetwork, ...] = (
    ipaddress.ip_network("15.177.0.0/18"),
    ipaddress.ip_network("54.183.255.128/26"),
    ipaddress.ip_network("176.34.159.192/26"),
    ipaddress.ip_network("2600:1f14:7ff:f800::/56"),
)


@dataclass(frozen=True)
class Probe:
    protocol: str  # "tcp", "udp" or "icmp"
    port: int | None
    source: IpAddress

    def __str__(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.protocol}{port} from {self.source}"


def _in_any(address: IpAddress, networks: list[IpNetwork]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def aws_allows(primary_stack: dict[str, Any], probe: Probe) -> bool:
    for rule in resources(primary_stack, "aws_vpc_security_group_ingress_rule"):
        protocol = rule["ip_protocol"]
        if probe.protocol == "icmp":
            wanted = "icmp" if probe.source.version == 4 else "icmpv6"
            if protocol not in (wanted, "-1"):
                continue
        else:
            if protocol not in (probe.protocol, "-1"):
                continue
            if protocol != "-1" and not rule["from_port"] <= (probe.port or 0) <= rule["to_port"]:
                continue
        if rule.get("prefix_list_id"):
            sources = list(ROUTE53_CHECKER_SAMPLE)
        else:
            sources = [ipaddress.ip_network(rule.get("cidr_ipv4") or rule["cidr_ipv6"])]
        if _in_any(probe.source, sources):
            return True
    return False


_CONCAT = re.compile(
    r"^\$\{concat\((\[.*?\]), (data\.aws_ip_ranges\.[^,]+\.cidr_blocks), "
    r"(data\.aws_ip_ranges\.[^,]+\.ipv6_cidr_blocks)\)\}$"
)


def hetzner_sources(value: list[str] | str) -> list[IpNetwork]:
    """A rule's source_ips: a literal list, or concat(literals, checker ranges)."""
    if isinstance(value, list):
        return [ipaddress.ip_network(item) for item in value]
    match = _CONCAT.match(value)
    assert match, f"unexpected source_ips expression: {value}"
    literals = json.loads(match.group(1))
    return [ipaddress.ip_network(item) for item in literals] + list(ROUTE53_CHECKER_SAMPLE)


def _port_matches(port_spec: str | None, port: int | None) -> bool:
    if port_spec is None:
        return port is None
    if port is None:
        return False
    low, _, high = port_spec.partition("-")
    return int(low) <= port <= int(high or low)


def hetzner_allows(backup_stack: dict[str, Any], probe: Probe) -> bool:
    for firewall in resources(backup_stack, "hcloud_firewall"):
        for rule in firewall["rule"]:
            if rule["direction"] != "in" or rule["protocol"] != probe.protocol:
                continue
            if not _port_matches(rule.get("port"), probe.port):
                continue
            if _in_any(probe.source, hetzner_sources(rule["source_ips"])):
                return True
    return False
