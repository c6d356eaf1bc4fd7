"""The firewall policy rendered as a security group, one ingress rule per (service, source)."""

from __future__ import annotations

from cdktn_aws.vpc import (
    AwsSecurityGroup,
    AwsSecurityGroupEgressRule,
    AwsSecurityGroupIngressRule,
    DataAwsEc2ManagedPrefixList,
)
from constructs import Construct

from infra.policy import Protocol, Rule, describe


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


class PolicySecurityGroup(Construct):
    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        vpc_id: str,
        region: str,
        rules: list[Rule],
        tags: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)
        self.group = AwsSecurityGroup(
            self,
            "group",
            name=name,
            description=f"{name}: SIP, RTP, health agent and admin access per pbx-failover policy",
            vpc_id=vpc_id,
            tags=tags,
        )
        checkers = DataAwsEc2ManagedPrefixList(
            self, "route53-healthcheckers", name=f"com.amazonaws.{region}.route53-healthchecks"
        )
        # Each attribute read is a round trip to the jsii runtime: read the ids once.
        group_id, checkers_id = self.group.id, checkers.id
        for rule in rules:
            for source in rule.sources:
                if source.network is None:
                    where = {"prefix_list_id": checkers_id}
                    family = "pl"
                elif source.network.version == 4:
                    where = {"cidr_ipv4": str(source.network)}
                    family = str(source.network)
                else:
                    where = {"cidr_ipv6": str(source.network)}
                    family = str(source.network)
                icmp = (
                    "icmpv6"
                    if source.network is not None and source.network.version == 6
                    else "icmp"
                )
                AwsSecurityGroupIngressRule(
                    self,
                    f"in-{rule.service}-{_slug(family)}",
                    security_group_id=group_id,
                    ip_protocol=icmp if rule.protocol is Protocol.ICMP else rule.protocol.value,
                    from_port=rule.ports.low if rule.ports else -1,
                    to_port=rule.ports.high if rule.ports else -1,
                    description=describe(rule, source),
                    tags=tags,
                    **where,
                )
        # A PBX talks to carriers' media servers, package mirrors and NTP anywhere; the
        # policy restricts what may reach it, not what it may reach.
        for family, cidr in (("cidr_ipv4", "0.0.0.0/0"), ("cidr_ipv6", "::/0")):
            AwsSecurityGroupEgressRule(
                self,
                f"out-all-{family}",
                security_group_id=group_id,
                ip_protocol="-1",
                description="all outbound (carriers, mirrors, NTP)",
                tags=tags,
                **{family: cidr},
            )
