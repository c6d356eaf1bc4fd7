"""`<site>-dns`: health checks, failover and SRV records, and alerts for one site."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn import TerraformOutput, TerraformStack
from cdktn_aws.provider import AwsProvider
from constructs import Construct

from infra.config import Config, SiteConfig
from infra.naming import CheckRole, Node
from stacks.common import aws_tags, use_backend
from stacks.components.alerts import AlertTopic, HealthCheckAlarm
from stacks.components.failover_records import FailoverRecords, NodeTarget, SrvPorts
from stacks.components.health_checks import NodeHealthChecks
from stacks.components.zone import HostedZone

ROUTE53_METRICS_REGION = "us-east-1"


@dataclass(frozen=True)
class NodeAddresses:
    """A node's public addresses; tokens from another stack become remote-state reads."""

    ipv4: str
    ipv6: str | None


@dataclass(frozen=True)
class ZoneRef:
    zone_id: str
    name_servers: list[str]


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
        tags = aws_tags(config, site)
        AwsProvider(self, "aws", region=site.primary.region, default_tags=[{"tags": tags}])
        us_east_1 = AwsProvider(
            self,
            "aws-us-east-1",
            alias="us_east_1",
            region=ROUTE53_METRICS_REGION,
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

        topic = AlertTopic(
            self,
            "alerts",
            name=f"{config.project}-{site.name}-failover",
            emails=list(config.alert_emails),
            provider=us_east_1,
            tags=tags,
        )
        for node in Node:
            HealthCheckAlarm(
                self,
                f"{node}-endpoint-alarm",
                name=f"{config.project}-{site.name}-{node}-sip-health",
                description=f"The {node} PBX of {site.name} fails its SIP health check.",
                health_check_id=checks[node].endpoint.id,
                topic_arn=topic.topic.arn,
                provider=us_east_1,
                tags=tags,
            )
        # The primary's effective check going unhealthy is the moment DNS moves to the
        # backup, whether a node failed or an operator promoted: say so in plain words.
        HealthCheckAlarm(
            self,
            "traffic-moved-alarm",
            name=f"{config.project}-{site.name}-traffic-on-backup",
            description=f"Calls for {failover_fqdn} now go to the backup PBX.",
            health_check_id=checks[Node.PRIMARY].effective.id,
            topic_arn=topic.topic.arn,
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
        TerraformOutput(self, "alert_topic_arn", value=topic.topic.arn)
