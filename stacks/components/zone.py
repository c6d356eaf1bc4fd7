"""The hosted zone: created here, or an existing one looked up by name."""

from __future__ import annotations

from dataclasses import dataclass

from cdktn_aws.route_53 import AwsZone, DataAwsZone
from constructs import Construct


@dataclass(frozen=True)
class ZoneRef:
    """A zone as other stacks refer to it (several sites share one zone)."""

    zone_id: str
    name_servers: list[str]


class HostedZone(Construct):
    def __init__(
        self, scope: Construct, id_: str, *, name: str, create: bool, tags: dict[str, str]
    ) -> None:
        super().__init__(scope, id_)
        if create:
            zone = AwsZone(
                self,
                "zone",
                name=name,
                comment="pbx-failover: SIP failover records",
                force_destroy=False,
                tags=tags,
            )
            self.zone_id: str = zone.zone_id
            self.name_servers: list[str] = zone.name_servers
        else:
            existing = DataAwsZone(self, "zone", name=name, private_zone=False)
            self.zone_id = existing.zone_id
            self.name_servers = existing.name_servers
