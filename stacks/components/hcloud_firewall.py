"""The firewall policy rendered as one `hcloud_firewall` (a rule per service)."""

from __future__ import annotations

from cdktn import Fn, Token
from cdktn_aws.meta_data_sources import DataAwsIpRanges
from cdktn_aws.provider import AwsProvider
from constructs import Construct

from infra.policy import Protocol, Rule
from stacks.imports.hcloud.firewall import Firewall, FirewallRule
from stacks.imports.hcloud.firewall_attachment import FirewallAttachment


class PolicyFirewall(Construct):
    """Hetzner rules take lists of sources, so one rule per service carries them all.

    The Route 53 checkers' ranges come from AWS's published ip-ranges through the
    `aws_ip_ranges` data source, read through `ip_ranges_provider` (no AWS account needed).
    """

    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        name: str,
        rules: list[Rule],
        server_id: str,
        ip_ranges_provider: AwsProvider,
        labels: dict[str, str],
    ) -> None:
        super().__init__(scope, id_)
        checkers = DataAwsIpRanges(
            self,
            "route53-healthcheckers",
            services=["route53_healthchecks"],
            provider=ip_ranges_provider,
        )
        hcloud_rules = []
        for rule in rules:
            networks = [str(network) for network in rule.networks]
            sources: list[str] = (
                Token.as_list(
                    Fn.concat([networks, checkers.cidr_blocks, checkers.ipv6_cidr_blocks])
                )
                if rule.allows_route53_checkers
                else networks
            )
            hcloud_rules.append(
                FirewallRule(
                    direction="in",
                    protocol=rule.protocol.value,
                    port=str(rule.ports) if rule.protocol is not Protocol.ICMP else None,
                    source_ips=sources,
                )
            )
        self.firewall = Firewall(self, "firewall", name=name, labels=labels, rule=hcloud_rules)
        FirewallAttachment(
            self,
            "attachment",
            firewall_id=Fn.tonumber(self.firewall.id),
            server_ids=[Fn.tonumber(server_id)],
        )
