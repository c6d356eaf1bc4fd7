"""The failover name, the per-node names and the SRV records (RFC 3263) for one site."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_aws.route_53 import AwsRecord
from constructs import Construct

from infra.naming import SET_IDENTIFIER, Node


@dataclass(frozen=True)
class NodeAddresses:
    """A node's public addresses; tokens from another stack become remote-state reads."""

    ipv4: str
    ipv6: str | None


@dataclass(frozen=True)
class NodeTarget:
    """Where one node answers: its name, addresses and the check DNS obeys for it."""

    node: Node
    fqdn: str
    ipv4: str
    ipv6: str | None
    effective_check_id: str


@dataclass(frozen=True)
class SrvPorts:
    udp: int
    tcp: int
    tls: int | None


class FailoverRecords(Construct):
    def __init__(
        self,
        scope: Construct,
        id_: str,
        *,
        zone_id: str,
        failover_fqdn: str,
        ttl: int,
        primary: NodeTarget,
        backup: NodeTarget,
        srv_ports: SrvPorts,
    ) -> None:
        super().__init__(scope, id_)
        failover_type = {Node.PRIMARY: "PRIMARY", Node.BACKUP: "SECONDARY"}
        self.names: list[str] = [failover_fqdn]
        for target in (primary, backup):
            families = [("A", target.ipv4)]
            if target.ipv6 is not None:
                families.append(("AAAA", target.ipv6))
            for record_type, address in families:
                AwsRecord(
                    self,
                    f"{target.node}-{record_type}",
                    zone_id=zone_id,
                    name=failover_fqdn,
                    type=record_type,
                    ttl=ttl,
                    records=[address],
                    set_identifier=SET_IDENTIFIER[target.node],
                    failover_routing_policy={"type": failover_type[target.node]},
                    health_check_id=target.effective_check_id,
                )
                AwsRecord(
                    self,
                    f"{target.node}-name-{record_type}",
                    zone_id=zone_id,
                    name=target.fqdn,
                    type=record_type,
                    ttl=ttl,
                    records=[address],
                )
            self.names.append(target.fqdn)

        services = [("_sip._udp", srv_ports.udp), ("_sip._tcp", srv_ports.tcp)]
        if srv_ports.tls is not None:
            services.append(("_sips._tcp", srv_ports.tls))
        for service, port in services:
            name = f"{service}.{failover_fqdn}"
            AwsRecord(
                self,
                f"srv-{service.replace('.', '').replace('_', '-').strip('-')}",
                zone_id=zone_id,
                name=name,
                type="SRV",
                ttl=ttl,
                # priority weight port target: lower priority first (RFC 2782).
                records=[
                    f"10 0 {port} {primary.fqdn}.",
                    f"20 0 {port} {backup.fqdn}.",
                ],
            )
            self.names.append(name)
