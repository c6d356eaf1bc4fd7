"""`<site>-dns`: health checks, failover and SRV records, and alerts for one site."""

from __future__ import annotations

from cdktn import TerraformOutput, TerraformStack
from cdktn_aws.provider import AwsProvider
from constructs import Construct

from infra.config import Config, SiteConfig
from infra.naming import CheckRole, Node, aws_tags
from stacks.common import use_backend
from stacks.components.alerts import METRICS_REGION, Monitoring, NodeChecks
from stacks.components.failover_records import (
    FailoverRecords,
    NodeAddresses,
    NodeTarget,
    SrvPorts,
)
from stacks.components.health_checks import NodeHealthChecks
from stacks.components.zone import HostedZone, ZoneRef


class DnsStack(TerraformStack):
    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        config: Config,
        site: SiteConfig,
        primary: NodeAddresses,
        backup: NodeAddresses,
        shared_zone: ZoneRef | None,
    ) -> None:
        super().__init__(scope, id_)
        use_backend(self, config, id_)
        tags = aws_tags(config.project, site.name)
        AwsProvider(self, "aws", region=site.primary.region, default_tags=[{"tags": tags}])
        us_east_1 = AwsProvider(
            self,
            "aws-us-east-1",
            alias="us_east_1",
            region=METRICS_REGION,
            default_tags=[{"tags": tags}],
        )
        if shared_zone is None:
            zone = HostedZone(
                self, "zone", name=config.dns.zone, create=config.dns.create_zone, tags=tags
            )
            self.zone = ZoneRef(zone.zone_id, zone.name_servers)
        else:
            self.zone = shared_zone

        checks = {
            node: NodeHealthChecks(
                self,
                f"{node}-checks",
                project=config.project,
                site=site.name,
                node=node,
                address=addresses.ipv4,
                health=site.health,
                tags=tags,
            )
            for node, addresses in ((Node.PRIMARY, primary), (Node.BACKUP, backup))
        }

        def target(node: Node, addresses: NodeAddresses) -> NodeTarget:
            return NodeTarget(
                node=node,
                fqdn=config.node_fqdn(site, node),
                ipv4=addresses.ipv4,
                ipv6=addresses.ipv6 if site.ipv6 else None,
                effective_check_id=checks[node].effective.id,
            )

        failover_fqdn = config.failover_fqdn(site)
        records = FailoverRecords(
            self,
            "records",
            zone_id=self.zone.zone_id,
            failover_fqdn=failover_fqdn,
            ttl=config.dns.ttl,
            primary=target(Node.PRIMARY, primary),
            backup=target(Node.BACKUP, backup),
            srv_ports=SrvPorts(
                udp=site.sip.udp_port,
                tcp=site.sip.tcp_port,
                tls=site.sip.tls_port if site.sip.tls else None,
            ),
        )

        monitoring = Monitoring(
            self,
            project=config.project,
            site=site.name,
            failover_fqdn=failover_fqdn,
            emails=list(config.alert_emails),
            checks={
                node: NodeChecks(
                    endpoint=checks[node].endpoint.id,
                    switch=checks[node].switch.id,
                    effective=checks[node].effective.id,
                )
                for node in Node
            },
            provider=us_east_1,
            tags=tags,
        )

        TerraformOutput(
            self,
            "health_check_ids",
            value={
                node.value: {
                    CheckRole.ENDPOINT.value: checks[node].endpoint.id,
                    CheckRole.SWITCH.value: checks[node].switch.id,
                    CheckRole.EFFECTIVE.value: checks[node].effective.id,
                }
                for node in Node
            },
        )
        TerraformOutput(self, "record_names", value=records.names)
        TerraformOutput(self, "name_servers", value=self.zone.name_servers)
        TerraformOutput(self, "zone_id", value=self.zone.zone_id)
        TerraformOutput(self, "alert_topic_arn", value=monitoring.topic.arn)
